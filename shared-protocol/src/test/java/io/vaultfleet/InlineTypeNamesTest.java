package io.vaultfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Main code imports the types it uses instead of writing them out inline ({@code new java.util.ArrayList<>()},
 * {@code io.vaultfleet.agent.platform.windows.NtfsPermissions.ofDefaultFileSystem()}): an inline name hides a
 * dependency from the import list, which is where a reader looks for what a class leans on.
 * <p>
 * Scans the main sources of every module of the build. It lives here because shared-protocol is the module every
 * other one builds on: the full build runs it first, and so does every narrow {@code -pl <module> -am} build.
 */
class InlineTypeNamesTest {
    /**
     * Inline names allowed for a genuine clash, each with why. An entry counts only in a file that imports another
     * type of the same simple name; anywhere else the name must be imported like any other.
     */
    private static final Map<String, String> CLASHES = Map.of(
            "org.springframework.stereotype.Component",
            "server-page sections are Spring beans that build a Vaadin Component; the imported name is Vaadin's");

    /** A package-qualified type: two or more lower-case segments, then a capitalised name. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.$])([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+)\\.([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+([\\w.]+)\\.(\\w+)\\s*;");

    @Test
    void mainSourcesImportTheTypesTheyName() throws IOException {
        Path root = buildRoot();
        List<String> inline = new ArrayList<>();
        for (Path source : mainSources(root)) {
            inline.addAll(inlineNames(root.relativize(source).toString(), Files.readAllLines(source)));
        }
        assertThat(inline).as("inline fully-qualified type names in main code: import them (for a genuine clash "
                + "of simple names, add the name with the reason to InlineTypeNamesTest.CLASHES)").isEmpty();
    }

    @Test
    void everyAllowedClashIsStillNeeded() throws IOException {
        Set<String> used = new HashSet<>();
        for (Path source : mainSources(buildRoot())) {
            String text = Files.readString(source);
            CLASHES.keySet().stream().filter(text::contains).forEach(used::add);
        }
        assertThat(used).as("clashes no main source has any more: remove them from CLASHES")
                .containsExactlyInAnyOrderElementsOf(CLASHES.keySet());
    }

    @Test
    void findsInlineNamesInCodeButNotInCommentsStringsOrImports() {
        List<String> lines = List.of(
                "import java.util.List;",
                "/** Uses {@link java.util.Set}. */",
                "class A {",
                "    List<String> a = new java.util.ArrayList<>(); // not java.util.Map",
                "    String s = \"java.util.Deque\" + 'x';",
                "    String t = \"\"\"",
                "            java.util.Queue",
                "            \"\"\";",
                "    /* java.util.Optional",
                "       java.util.Objects */ void run() throws java.io.IOException {",
                "        a.stream().map(String::valueOf).toList();",
                "    }",
                "}");

        assertThat(inlineNames("A.java", lines))
                .containsExactly("A.java:4: java.util.ArrayList", "A.java:10: java.io.IOException");
    }

    @Test
    void allowsAListedClashOnlyWhereTheSimpleNameIsImported() {
        List<String> clash = List.of(
                "import com.vaadin.flow.component.Component;",
                "@org.springframework.stereotype.Component",
                "class Section {",
                "}");
        List<String> noClash = List.of(
                "@org.springframework.stereotype.Component",
                "class Service {",
                "}");

        assertThat(inlineNames("Section.java", clash)).isEmpty();
        assertThat(inlineNames("Service.java", noClash))
                .containsExactly("Service.java:1: org.springframework.stereotype.Component");
    }

    /** {@code file:line: name} of each inline qualified type name in code (not comments, strings or imports). */
    static List<String> inlineNames(String file, List<String> lines) {
        Map<String, String> imported = new HashMap<>();
        for (String line : lines) {
            Matcher m = IMPORT.matcher(line.strip());
            if (m.find()) {
                imported.put(m.group(2), m.group(1) + "." + m.group(2));
            }
        }
        List<String> found = new ArrayList<>();
        List<String> code = codeOnly(lines);
        for (int i = 0; i < code.size(); i++) {
            String line = code.get(i).strip();
            if (line.startsWith("import ") || line.startsWith("package ")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(line);
            while (m.find()) {
                String name = m.group(1) + "." + m.group(2);
                String sameSimpleName = imported.get(m.group(2));
                boolean clash = CLASHES.containsKey(name) && sameSimpleName != null && !sameSimpleName.equals(name);
                if (!clash) {
                    found.add(file + ":" + (i + 1) + ": " + name);
                }
            }
        }
        return found;
    }

    /** The lines with comments, string, text-block and character literals blanked out. */
    private static List<String> codeOnly(List<String> lines) {
        List<String> code = new ArrayList<>();
        boolean inComment = false;
        boolean inTextBlock = false;
        for (String line : lines) {
            StringBuilder kept = new StringBuilder();
            int i = 0;
            while (i < line.length()) {
                if (inComment || inTextBlock) {
                    String end = inComment ? "*/" : "\"\"\"";
                    int close = line.indexOf(end, i);
                    if (close < 0) {
                        break;
                    }
                    i = close + end.length();
                    inComment = false;
                    inTextBlock = false;
                } else if (line.startsWith("//", i)) {
                    break;
                } else if (line.startsWith("/*", i)) {
                    inComment = true;
                    i += 2;
                } else if (line.startsWith("\"\"\"", i)) {
                    inTextBlock = true;
                    i += 3;
                } else if (line.charAt(i) == '"' || line.charAt(i) == '\'') {
                    i = endOfLiteral(line, i) + 1;
                    kept.append(' ');
                } else {
                    kept.append(line.charAt(i++));
                }
            }
            code.add(kept.toString());
        }
        return code;
    }

    private static int endOfLiteral(String line, int open) {
        char quote = line.charAt(open);
        int i = open + 1;
        while (i < line.length() && line.charAt(i) != quote) {
            i += line.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }

    private static Path buildRoot() throws IOException {
        // tests run in the module's folder; the build's root is its parent, the folder with the parent pom
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(Files.readString(root.resolve("pom.xml"))).contains("<module>shared-protocol</module>");
        return root;
    }

    private static List<Path> mainSources(Path root) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(sources::add);
                }
            }
        }
        assertThat(sources).as("main sources under " + root).isNotEmpty();
        return sources;
    }
}
