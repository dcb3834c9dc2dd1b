package io.vaultfleet.agent.source;

import java.util.HashMap;
import java.util.Map;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Roots to back up, with glob rules. An exclude matching a path (absolute path or file name) drops it and, for a
 * folder, all below. When includes are given, only files matching one of them are kept (folders are still walked).
 */
public record FileSelection(List<Path> roots, List<String> includes, List<String> excludes, Map<Path, Path> readRoots) {
    public FileSelection {
        roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
        Map<Path, Path> normalized = new HashMap<>();
        readRoots.forEach((root, from) -> normalized.put(root.toAbsolutePath().normalize(), from.toAbsolutePath().normalize()));
        readRoots = Map.copyOf(normalized);
    }

    public FileSelection(List<Path> roots, List<String> includes, List<String> excludes) {
        this(roots, includes, excludes, Map.of());
    }

    /**
     * The same selection, read from elsewhere: each root is read from {@code readRoots.get(root)} (a shadow copy of
     * its volume) but recorded, matched and restored under its own path.
     */
    public FileSelection readingFrom(Map<Path, Path> readRoots) {
        return new FileSelection(roots, includes, excludes, readRoots);
    }

    /** Where the walk reads {@code root}: its shadow copy when one is given, else the root itself. */
    public Path readRootOf(Path root) {
        return readRoots.getOrDefault(root, root);
    }

    public Matcher matcher() {
        return new Matcher(compile(includes), compile(excludes));
    }

    private static List<PathMatcher> compile(List<String> globs) {
        return globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    }

    /** Applies the rules. */
    public record Matcher(List<PathMatcher> includes, List<PathMatcher> excludes) {
        public boolean excluded(Path path) {
            return matchesAny(excludes, path);
        }

        public boolean included(Path file) {
            return includes.isEmpty() || matchesAny(includes, file);
        }

        private static boolean matchesAny(List<PathMatcher> matchers, Path path) {
            Path name = path.getFileName();
            for (PathMatcher m : matchers) {
                if (m.matches(path) || (name != null && m.matches(name))) {
                    return true;
                }
            }
            return false;
        }
    }
}
