package io.vaultfleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A small tree with every kind of content and metadata a backup must keep, and a byte-and-metadata comparison. */
public final class SampleTree {
    private SampleTree() {
    }

    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static void create(Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/nested/deeper"));
        Files.createDirectories(root.resolve("empty-folder"));
        Files.write(root.resolve("random.bin"), random(5 * 1024 * 1024 + 123, 1));
        Files.write(root.resolve("copy-of-random.bin"), random(5 * 1024 * 1024 + 123, 1));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append("line ").append(i).append(" of a compressible log file\n");
        }
        Files.writeString(root.resolve("docs/log.txt"), text);
        for (int i = 0; i < 50; i++) {
            Files.writeString(root.resolve("docs/nested/small-" + i + ".txt"), "small file " + i + "\n");
        }
        Files.write(root.resolve("docs/nested/deeper/empty.dat"), new byte[0]);
        Path secret = root.resolve("docs/secret.conf");
        Files.writeString(secret, "password=hunter2\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path script = root.resolve("docs/run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("docs/link-to-log"), Path.of("log.txt"));
        Files.createSymbolicLink(root.resolve("dangling-link"), Path.of("/does/not/exist"));
        Files.setLastModifiedTime(root.resolve("docs/log.txt"), FileTime.fromMillis(1_600_000_000_123L));
        Files.setLastModifiedTime(root.resolve("docs/nested"), FileTime.fromMillis(1_500_000_000_000L));
    }

    /** Every path below root with type, permissions, mtime (files and folders), link target and content hash. */
    public static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String rel = root.relativize(p).toString();
                StringBuilder d = new StringBuilder();
                if (Files.isSymbolicLink(p)) {
                    d.append("link -> ").append(Files.readSymbolicLink(p));
                } else {
                    d.append(Files.isDirectory(p) ? "dir " : "file ");
                    d.append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
                    if (!rel.isEmpty()) {
                        d.append(" mtime=").append(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
                    }
                    if (Files.isRegularFile(p)) {
                        d.append(" size=").append(Files.size(p)).append(" sha=").append(sha(Files.readAllBytes(p)));
                    }
                }
                result.put(rel, d.toString());
            }
        }
        return result;
    }

    public static String sha(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void assertSameTree(Path expected, Path actual) throws IOException {
        assertThat(describe(actual)).isEqualTo(describe(expected));
    }
}
