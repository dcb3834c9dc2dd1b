package io.vaultfleet.agent.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * The new recovery point's nodes, spilled to disk as the backup produces them (issue 17): nodes arrive in the order
 * the parallel walk and readers finish them, up to {@value #RUN} are held, sorted in stored order
 * ({@link FileNames#ORDER}) and written as one run file, and the point is encoded from a merge of the runs
 * ({@link #iterator()}, which can be run again: the encoder makes two passes). A merge reads at most
 * {@value #FAN_IN} runs at once: beyond that, groups of consecutive runs are first merged into one run each (once,
 * when the spool is first read), so memory is one run plus {@value #FAN_IN} read buffers whatever the number of
 * files (decision 037: with one buffer per run, 5,000,000 files held 306 of them). A path reached twice (overlapping
 * roots) is kept once, the first added.
 *
 * <p>Run files hold file names and metadata, so they are encrypted (AES-CTR with a key that never leaves this
 * process; a run is read back only by this process, so no authentication is needed) in a folder only its owner
 * may read, and deleted on {@link #close()}.
 */
final class NodeSpool extends AbstractCollection<Snapshot.Node> implements AutoCloseable {
    /**
     * Nodes held before they are spilled as a run. 16,384 until decision 039: with their paths, names and chunk ids
     * (~300 bytes a node of a tiny file), a run's nodes outlived several young collections and were promoted, ~5 MB
     * of old generation for each; at this count an unchanged backup of 100,000 tiny files peaked ~10 MiB lower, and
     * more than 409,600 nodes take the merge's extra pass (a 1,000,000-file first backup ~5% longer).
     */
    static final int RUN = 4_096;
    /** Runs one merge reads at once (409,600 nodes before a run is merged twice). */
    static final int FAN_IN = 100;
    private static final int BUFFER = 32 * 1024;
    /** Per run read in a merge, before and after decryption (the cipher stream reads 512 bytes at a time). */
    private static final int READ_BUFFER = 8 * 1024;
    private static final Snapshot.Type[] TYPES = Snapshot.Type.values();
    private static final Comparator<Snapshot.Node> ORDER = Comparator.comparing(Snapshot.Node::path, FileNames.ORDER);

    private final Path dir;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final List<Snapshot.Node> buffer = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private final List<byte[]> ivs = new ArrayList<>();
    private int runNumber;
    private final int runSize;
    private final int fanIn;
    private int size = -1;

    NodeSpool() throws IOException {
        this(RUN, FAN_IN);
    }

    NodeSpool(int runSize, int fanIn) throws IOException {
        if (fanIn < 2) {
            throw new IllegalArgumentException("a merge needs at least two runs");
        }
        this.runSize = runSize;
        this.fanIn = fanIn;
        // createTempDirectory makes the folder rwx------ where the file system has POSIX permissions
        this.dir = Files.createTempDirectory("vaultfleet-nodes-");
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, "AES");
    }

    /** Adds a node (any thread); spills a sorted run when {@value #RUN} are held. */
    public synchronized boolean add(Snapshot.Node node) {
        if (size >= 0) {
            throw new IllegalStateException("nodes added after the spool was read");
        }
        buffer.add(node);
        if (buffer.size() >= runSize) {
            spill();
        }
        return true;
    }

    private void spill() {
        buffer.sort(ORDER);
        byte[] iv = new byte[16];
        runs.add(writeRun(buffer.iterator(), iv));
        ivs.add(iv);
        buffer.clear();
    }

    /** A new run file of {@code nodes} (in stored order), encrypted under {@code iv} (filled here). */
    private Path writeRun(Iterator<Snapshot.Node> nodes, byte[] iv) {
        Path run = dir.resolve("run-" + runNumber++);
        random.nextBytes(iv);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new CipherOutputStream(Files.newOutputStream(run), cipher(Cipher.ENCRYPT_MODE, iv)), BUFFER))) {
            while (nodes.hasNext()) {
                write(out, nodes.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("backup: cannot spool the recovery point's nodes to " + dir + ": "
                    + e.getMessage(), e);
        }
        return run;
    }

    /**
     * Merges groups of consecutive runs into one run each until at most {@link #fanIn} are left, rewriting no more
     * runs than that takes. A group's run takes its place in the list, so ties between runs still go to the one
     * added first.
     */
    private void limitRuns() {
        while (runs.size() > fanIn) {
            int excess = runs.size() - fanIn;
            int at = 0;
            while (excess > 0 && at < runs.size()) {
                int group = Math.min(Math.min(fanIn, excess + 1), runs.size() - at);
                byte[] iv = new byte[16];
                Path merged = writeRun(merge(at, at + group), iv);
                List<Path> replaced = new ArrayList<>(runs.subList(at, at + group));
                runs.subList(at, at + group).clear();
                ivs.subList(at, at + group).clear();
                runs.add(at, merged);
                ivs.add(at, iv);
                for (Path old : replaced) {
                    deleteRun(old);
                }
                excess -= group - 1;
                at++;
            }
        }
    }

    private Cipher cipher(int mode, byte[] iv) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(mode, key, new IvParameterSpec(iv));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is part of every Java runtime", e);
        }
    }

    /** The number of nodes, paths reached twice counted once; no node may be added after it is first asked. */
    @Override
    public synchronized int size() {
        if (size < 0) {
            spill();
            limitRuns();
            int n = 0;
            for (Iterator<Snapshot.Node> it = merge(); it.hasNext(); it.next()) {
                n++;
            }
            size = n;
        }
        return size;
    }

    /** The nodes in stored order, each path once: a merge of the runs (each call reads them again). */
    @Override
    public Iterator<Snapshot.Node> iterator() {
        size();
        return merge();
    }

    private record Head(Snapshot.Node node, int run) {
    }

    private Iterator<Snapshot.Node> merge() {
        return merge(0, runs.size());
    }

    /** Runs {@code [from, to)} merged; a head's run number is its place in that range. */
    private Iterator<Snapshot.Node> merge(int from, int to) {
        List<DataInputStream> inputs = new ArrayList<>();
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::node, ORDER)
                .thenComparingInt(Head::run));
        try {
            for (int r = from; r < to; r++) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(new CipherInputStream(
                        new BufferedInputStream(Files.newInputStream(runs.get(r)), READ_BUFFER),
                        cipher(Cipher.DECRYPT_MODE, ivs.get(r))), READ_BUFFER));
                inputs.add(in);
                Snapshot.Node first = read(in);
                if (first != null) {
                    heads.add(new Head(first, r - from));
                }
            }
        } catch (IOException e) {
            closeAll(inputs);
            throw new UncheckedIOException("backup: cannot read the spooled nodes: " + e.getMessage(), e);
        }
        return new Iterator<>() {
            private String last;

            @Override
            public boolean hasNext() {
                while (!heads.isEmpty() && heads.peek().node().path().equals(last)) {
                    advance(); // the same object reached through two roots: recorded once
                }
                if (heads.isEmpty()) {
                    closeAll(inputs);
                    return false;
                }
                return true;
            }

            @Override
            public Snapshot.Node next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Snapshot.Node n = advance();
                last = n.path();
                return n;
            }

            private Snapshot.Node advance() {
                Head h = heads.poll();
                try {
                    Snapshot.Node following = read(inputs.get(h.run()));
                    if (following != null) {
                        heads.add(new Head(following, h.run()));
                    }
                } catch (IOException e) {
                    closeAll(inputs);
                    throw new UncheckedIOException("backup: cannot read the spooled nodes: " + e.getMessage(), e);
                }
                return h.node();
            }
        };
    }

    private static void closeAll(List<DataInputStream> inputs) {
        for (DataInputStream in : inputs) {
            try {
                in.close();
            } catch (IOException e) {
                // a scratch file being read: nothing to lose
            }
        }
    }

    @Override
    public synchronized void close() {
        buffer.clear();
        for (Path run : runs) {
            deleteRun(run);
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }

    /** Run files on disk now (tests). */
    synchronized int runFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return (int) files.count();
        }
    }

    private static void deleteRun(Path run) {
        try {
            Files.deleteIfExists(run);
        } catch (IOException e) {
            run.toFile().deleteOnExit();
        }
    }

    static void write(DataOutputStream out, Snapshot.Node n) throws IOException {
        string(out, n.path());
        out.writeByte(n.type().ordinal());
        out.writeInt(n.mode());
        out.writeInt(n.uid());
        out.writeInt(n.gid());
        string(out, n.user());
        string(out, n.group());
        out.writeLong(n.mtime());
        out.writeLong(n.atime());
        out.writeLong(n.ctime());
        out.writeLong(n.inode());
        out.writeLong(n.size());
        string(out, n.target());
        out.writeBoolean(n.extra() != null);
        if (n.extra() != null) {
            out.writeLong(n.device());
            out.writeLong(n.fsDevice());
            out.writeInt(n.links());
            out.writeInt(n.flags());
            out.writeInt(n.xattrs().size());
            for (Snapshot.Xattr x : n.xattrs()) {
                string(out, x.name());
                out.writeInt(x.value().length);
                out.write(x.value());
            }
        }
        out.writeInt(n.chunks().size());
        for (ChunkId c : n.chunks()) {
            out.writeLong(c.a());
            out.writeLong(c.b());
            out.writeLong(c.c());
            out.writeLong(c.d());
        }
    }

    /** The next node of a run; null at its end. */
    static Snapshot.Node read(DataInputStream in) throws IOException {
        int pathLength;
        try {
            pathLength = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        String path = chars(in, pathLength);
        Snapshot.Type type = TYPES[in.readByte()];
        int mode = in.readInt();
        int uid = in.readInt();
        int gid = in.readInt();
        String user = string(in);
        String group = string(in);
        long mtime = in.readLong();
        long atime = in.readLong();
        long ctime = in.readLong();
        long inode = in.readLong();
        long size = in.readLong();
        String target = string(in);
        Snapshot.Extra extra = null;
        if (in.readBoolean()) {
            long device = in.readLong();
            long fsDevice = in.readLong();
            int links = in.readInt();
            int flags = in.readInt();
            int count = in.readInt();
            List<Snapshot.Xattr> xattrs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = string(in);
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                xattrs.add(new Snapshot.Xattr(name, value));
            }
            extra = new Snapshot.Extra(device, fsDevice, links, flags, xattrs);
        }
        int count = in.readInt();
        List<ChunkId> chunks = count == 0 ? List.of() : new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chunks.add(new ChunkId(in.readLong(), in.readLong(), in.readLong(), in.readLong()));
        }
        return new Snapshot.Node(path, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, size, target,
                chunks, extra);
    }

    /**
     * A string as its UTF-16 code units (in-memory names may hold lone surrogates, which UTF-8 would not keep),
     * written with one call: {@code writeChars} costs a call of the buffered stream per character.
     */
    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] units = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            units[2 * i] = (byte) (c >>> 8);
            units[2 * i + 1] = (byte) c;
        }
        out.writeInt(s.length());
        out.write(units);
    }

    private static String string(DataInputStream in) throws IOException {
        return chars(in, in.readInt());
    }

    private static String chars(DataInputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] units = new byte[length * 2];
        in.readFully(units);
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = (char) ((units[2 * i] & 0xff) << 8 | units[2 * i + 1] & 0xff);
        }
        return new String(c);
    }
}
