package io.vaultfleet.agent.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scratch files of the chunk index: {@code chunks-<pid>-<n>.tbl} in one folder ({@code vaultfleet.index.dir}, else
 * {@code vaultfleet-index-<user>} under the temp folder: per user, so a folder the service's account made does not
 * refuse a command typed by another user). The first use of a folder in a process deletes the files a crashed
 * process left there: those of a process that no longer runs, or that is a newer process reusing the pid (the file
 * is older than it).
 */
final class IndexFiles {
    private static final Logger log = LoggerFactory.getLogger(IndexFiles.class);
    static final String DIR_PROPERTY = "vaultfleet.index.dir";
    private static final Pattern NAME = Pattern.compile("chunks-(\\d+)-\\d+\\.tbl");
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private final Path dir;

    IndexFiles(Path dir) {
        this.dir = usable(dir.toAbsolutePath());
        if (SWEPT.add(this.dir)) {
            sweep(this.dir);
            // an index nobody closed is deleted by the collector, which need not run before the JVM exits
            Path swept = this.dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteOwn(swept), "chunk-index-cleanup"));
        }
    }

    /**
     * {@code dir}, made if missing; when someone else owns it (a folder another account made in a shared temp folder),
     * a new private temp folder instead, with a warning: this process's files must not go where another can read them.
     */
    private static Path usable(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                createOwnerOnly(dir);
            }
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                String owner = Files.getOwner(dir).getName();
                String me = System.getProperty("user.name");
                if (!owner.equals(me)) {
                    Path own = Files.createTempDirectory("vaultfleet-index-");
                    log.warn("chunk index folder {} belongs to {}, not {}: using {} instead", dir, owner, me, own);
                    return own;
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the chunk index folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The chunk ids in a table are keyed hashes (they reveal only which chunks are equal), but nobody else needs
     * them: where the file system has POSIX permissions the folder is its owner's alone.
     */
    private static void createOwnerOnly(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // another process made it meanwhile
            }
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Deletes this process's files in {@code dir} (at exit: whatever is still there was not closed). */
    static void deleteOwn(Path dir) {
        String own = "chunks-" + ProcessHandle.current().pid() + "-";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, own + "*.tbl")) {
            for (Path file : files) {
                deleteMapped(file);
            }
        } catch (IOException e) {
            // the next process's sweep removes them
        }
    }

    static Path defaultDir() {
        String configured = System.getProperty(DIR_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "vaultfleet-index-"
                        + System.getProperty("user.name", "agent").replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    Path newFile() {
        Path file = dir.resolve("chunks-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + ".tbl");
        try {
            return Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the chunk index file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the index files of processes that are gone; returns how many. */
    static int sweep(Path dir) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "chunks-*.tbl")) {
            for (Path file : files) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches() && isStale(Long.parseLong(m.group(1)), file)) {
                    delete(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            log.warn("could not clean stale chunk index files in {}: {}", dir, e.getMessage());
        }
        if (deleted > 0) {
            log.info("deleted {} chunk index file(s) left in {} by a process that ended without closing them",
                    deleted, dir);
        }
        return deleted;
    }

    private static boolean isStale(long pid, Path file) throws IOException {
        if (pid == ProcessHandle.current().pid()) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (owner.isEmpty()) {
            return true;
        }
        Optional<Instant> started = owner.get().info().startInstant();
        FileTime modified = Files.getLastModifiedTime(file);
        return started.isPresent() && modified.toInstant().isBefore(started.get());
    }

    /**
     * Deletes a file that may still be mapped. Linux deletes it at once (the mapping keeps the pages until the
     * collector drops it); Windows refuses while it is mapped, so it stays until this process ends and the next one
     * sweeps it: logged at debug, it is expected there.
     */
    static void deleteMapped(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("chunk index file {} is still mapped; the next process deletes it: {}", file, e.getMessage());
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next process's sweep removes it
            log.warn("could not delete the chunk index file {}: {}", file, e.getMessage());
        }
    }
}
