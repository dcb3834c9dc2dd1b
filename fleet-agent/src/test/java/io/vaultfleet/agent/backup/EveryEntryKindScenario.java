package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.platform.posix.PosixFiles;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.restore.RestoreResult;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.verify.VerifyReport;
import io.vaultfleet.agent.verify.Verifier;

/**
 * Issue 15, "nothing lost": a tree with every kind of entry the engine must keep (names that are not UTF-8, hard
 * links, extended attributes, a sparse file, a pre-1970 time with a fraction, a symlink with its own time, a FIFO, a
 * socket, modes) is backed up, verified, backed up again unchanged, restored and compared with the source byte for
 * byte and by metadata. Shared by the folder store and Azurite tests. Linux only (like the agent's POSIX path).
 */
final class EveryEntryKindScenario {
    static final long SPARSE_SIZE = 64L << 20;
    /** 1 234 567 890.123456789 s before the epoch. */
    static final long OLD_MTIME = -1_234_567_890_123_456_789L;
    static final long LINK_MTIME = 1_111_111_111_222_333_444L;

    /** Device nodes can be made (and so tested) only as root; everything else is the same either way. */
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private EveryEntryKindScenario() {
    }

    /** A name with escaped bytes ({@code \\uDCxx} = the byte xx) under a folder, exactly. */
    static Path named(Path dir, String name) {
        return dir.resolve(FileNames.path(name));
    }

    static void create(Path root) throws IOException {
        Files.createDirectories(root);
        // names that differ only in bytes that are not UTF-8: v2 made them one path
        Files.writeString(named(root, "bad_\uDCFF\uDCFE_name"), "first file\n");
        Files.writeString(named(root, "bad_\uDCFE\uDCFF_name"), "second file\n");
        Files.writeString(named(root, "caf\uDCE9"), "latin-1 name\n");
        Path odd = Files.createDirectory(named(root, "dir_\uDCFF"));
        Files.writeString(odd.resolve("inner.txt"), "in a folder whose name is not UTF-8\n");
        Files.writeString(root.resolve("caf\u00e9"), "the UTF-8 name beside it\n");
        // hard links: one content, three names, two folders
        Path links = Files.createDirectories(root.resolve("links/sub"));
        Files.write(links.resolveSibling("a"), io.vaultfleet.agent.SampleTree.random(1 << 20, 3));
        Files.createLink(root.resolve("links/b"), root.resolve("links/a"));
        Files.createLink(root.resolve("links/sub/c"), root.resolve("links/a"));
        // extended attributes on a file and a folder, values with NUL and 0xff
        Path tagged = Files.writeString(root.resolve("tagged.txt"), "has attributes\n");
        PosixFiles.setXattr(tagged, new Snapshot.Xattr("user.comment", "hello".getBytes(StandardCharsets.UTF_8)));
        PosixFiles.setXattr(tagged, new Snapshot.Xattr("user.binary", new byte[] {0, 1, (byte) 0xff, 0}));
        PosixFiles.setXattr(root.resolve("links"), new Snapshot.Xattr("user.folder", new byte[] {42}));
        // sparse: data at the start, in the middle and at the end, holes between
        Path sparse = root.resolve("sparse.img");
        try (FileChannel ch = FileChannel.open(sparse, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(io.vaultfleet.agent.SampleTree.random(100_000, 5)), 0);
            ch.write(ByteBuffer.wrap("middle".getBytes(StandardCharsets.US_ASCII)), SPARSE_SIZE / 2);
            ch.write(ByteBuffer.wrap("end".getBytes(StandardCharsets.US_ASCII)), SPARSE_SIZE - 3);
        }
        assertThat(PosixFiles.allocatedBytes(sparse)).as("the test file is sparse").isLessThan(1 << 20);
        // times: pre-1970 with a fraction; a symlink with its own time; a link whose target is not UTF-8
        Path old = Files.writeString(root.resolve("old.txt"), "from 1930\n");
        PosixFiles.setTimes(old, OLD_MTIME, OLD_MTIME);
        Path link = Files.createSymbolicLink(root.resolve("link-to-old"), Path.of("old.txt"));
        PosixFiles.setTimes(link, LINK_MTIME, LINK_MTIME);
        Files.createSymbolicLink(root.resolve("link-to-cafe"), FileNames.path("caf\uDCE9"));
        // special files and modes
        PosixFiles.mkfifo(root.resolve("fifo"), 0640);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(root.resolve("sock")));
        }
        if (ROOT) {
            // a device node (the null device's numbers): only root can make one, on the source and at restore
            PosixFiles.mknod(root.resolve("null-device"), true, 0620, (1L << 8) | 3);
        }
        Files.setPosixFilePermissions(Files.writeString(root.resolve("private.txt"), "mode 0600\n"),
                io.vaultfleet.agent.source.FileWalker.permissions(0600));
        Files.setAttribute(Files.writeString(root.resolve("setuid.sh"), "#!/bin/sh\n"), "unix:mode", 04750);
        Files.setPosixFilePermissions(Files.createDirectory(root.resolve("closed")),
                io.vaultfleet.agent.source.FileWalker.permissions(0750));
        // folder times last: creating entries changed them
        for (Path dir : List.of(odd, root.resolve("links/sub"), root.resolve("links"), root.resolve("closed"))) {
            PosixFiles.setTimes(dir, 1_500_000_000_123_456_789L, 1_500_000_000_123_456_789L);
        }
    }

    static void run(BlobStore store, Path work) throws Exception {
        Path source = work.resolve("source");
        create(source);
        Map<String, String> before = describe(source);
        // the comparison below covers what it should: exact names, links, times, attributes
        assertThat(before).containsKeys("bad_\\xff\\xfe_name", "bad_\\xfe\\xff_name", "caf\\xe9", "caf\u00e9",
                "dir_\\xff/inner.txt", "fifo", "sock");
        assertThat(before.get("links/sub/c")).contains("links=3 sameAs=links/a");
        assertThat(before.get("old.txt")).contains("mtime=" + OLD_MTIME);
        assertThat(before.get("link-to-old")).contains("mtime=" + LINK_MTIME).contains("target=old.txt");
        assertThat(before.get("link-to-cafe")).contains("target=caf\\xe9");
        assertThat(before.get("tagged.txt")).contains("user.comment=68656c6c6f").contains("user.binary=0001ff00");
        assertThat(before.get("links")).contains("user.folder=2a");
        assertThat(before.get("setuid.sh")).startsWith("104750");
        Repository repo = Repository.init(store, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        Path cache = work.resolve("cache");

        List<Path> read = java.util.Collections.synchronizedList(new ArrayList<>());
        BackupResult first = new Backup(repo, RoundTripScenario.options(source, cache, f -> {
            read.add(f);
            return Files.newInputStream(f);
        })).run();
        // a hard-linked file is read once, its other paths take the same chunks
        assertThat(read).filteredOn(p -> p.startsWith(source.resolve("links"))).hasSize(1);
        // what cannot come back is said at backup time (and makes the job "completed with warnings")
        assertThat(first.warnings()).anySatisfy(w -> {
            assertThat(w.path()).endsWith("/sock");
            assertThat(w.message()).contains("socket").contains("not restorable");
        });
        if (ROOT) {
            assertThat(first.warnings()).hasSize(2).anySatisfy(w -> {
                assertThat(w.path()).endsWith("/null-device");
                assertThat(w.message()).contains("device node").contains("only when run as root");
            });
        } else {
            assertThat(first.warnings()).hasSize(1);
        }
        Snapshot point = repo.readSnapshot(first.snapshotId());
        assertThat(point.version()).isEqualTo(Snapshot.VERSION);
        assertThat(point.nodes()).extracting(Snapshot.Node::path)
                .contains(source + "/bad_\uDCFF\uDCFE_name", source + "/bad_\uDCFE\uDCFF_name", source + "/caf\uDCE9")
                .doesNotHaveDuplicates().noneMatch(p -> p.contains("\uFFFD"));
        assertThat(point.nodes()).filteredOn(n -> n.path().endsWith("/sparse.img")).singleElement()
                .satisfies(n -> assertThat(n.sparse()).isTrue());
        assertThat(point.nodes()).filteredOn(n -> n.links() == 3).hasSize(3)
                .extracting(Snapshot.Node::chunks).containsOnly(point.nodes().stream()
                        .filter(n -> n.path().endsWith("/links/a")).findFirst().orElseThrow().chunks());

        VerifyReport verify = new Verifier(repo).verify(true, 2);
        assertThat(verify.problems()).isEmpty();

        // unchanged: nothing is read again, and the second point holds the same entries
        Set<Path> opened = ConcurrentHashMap.newKeySet();
        BackupResult second = new Backup(repo, RoundTripScenario.options(source, cache, f -> {
            opened.add(f);
            return Files.newInputStream(f);
        })).run();
        assertThat(opened).isEmpty();
        assertThat(repo.readSnapshot(second.snapshotId()).nodes()).extracting(Snapshot.Node::path)
                .isEqualTo(point.nodes().stream().map(Snapshot.Node::path).toList());

        Path out = work.resolve("restored");
        RestoreResult restored = new Restorer(repo).restore(new Restorer.Options(second.snapshotId(), List.of(), out, 2));
        assertThat(restored.problems()).isEmpty();
        assertThat(restored.incompleteFiles()).isEmpty();
        assertThat(restored.warnings()).singleElement().asString().contains("sock").contains("not restored");
        Path copy = out.resolve(source.toString().substring(1));

        Map<String, String> expected = new TreeMap<>(before);
        expected.remove("sock");
        assertThat(describe(copy)).isEqualTo(expected);
        // holes kept: about as few blocks as the original (a few blocks of slack for file system differences)
        assertThat(PosixFiles.allocatedBytes(copy.resolve("sparse.img")))
                .isLessThanOrEqualTo(PosixFiles.allocatedBytes(source.resolve("sparse.img")) + 64 * 1024);
        assertThat(Files.getAttribute(copy.resolve("links/a"), "unix:nlink")).isEqualTo(3);
    }

    /**
     * Every entry below {@code root} by its exact relative name: type, mode, size, content digest, mtime in
     * nanoseconds (not for the root), symlink target, extended attributes and which names share an inode.
     */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Map<Object, String> firstNameOfInode = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = new ArrayList<>(walk.filter(p -> !p.equals(root)).toList());
        }
        all.sort((a, b) -> FileNames.ORDER.compare(FileNames.name(a), FileNames.name(b)));
        for (Path p : all) {
            String name = FileNames.name(root.relativize(p));
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime,ino,nlink,rdev",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            StringBuilder d = new StringBuilder();
            d.append(Integer.toOctalString(mode)).append(" mtime=")
                    .append(((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
            if ((mode & 0170000) == 0100000) {
                d.append(" size=").append(a.get("size")).append(" sha=")
                        .append(io.vaultfleet.agent.SampleTree.sha(Files.readAllBytes(p)));
                if ((Integer) a.get("nlink") > 1) {
                    d.append(" links=").append(a.get("nlink")).append(" sameAs=")
                            .append(FileNames.display(firstNameOfInode.computeIfAbsent(a.get("ino"), k -> name)));
                }
            }
            if ((mode & 0170000) == 0020000) {
                d.append(" rdev=").append(a.get("rdev"));
            }
            if (Files.isSymbolicLink(p)) {
                d.append(" target=").append(FileNames.display(FileNames.name(Files.readSymbolicLink(p))));
            }
            List<String> unreadable = new ArrayList<>();
            for (Snapshot.Xattr x : PosixFiles.readXattrs(p, unreadable)) {
                d.append(' ').append(x);
            }
            assertThat(unreadable).isEmpty();
            out.put(FileNames.display(name), d.toString());
        }
        return out;
    }
}
