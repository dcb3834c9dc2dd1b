// Profile of folder-to-folder replication copies (decision 029), outside the console: java bench/profiles/CopyProfile.java <scratch dir on the target file system> <number of 4 MiB packs>
import java.io.*;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.security.MessageDigest;
import java.util.*;
import java.util.concurrent.*;

/** Where folder replication's time goes: the old streamed copy (64 KiB buffer, SHA-256, fsync) vs transferTo + fsync, 3 at a time, next to cp -r (+ sync -f). */
public class CopyProfile {
    public static void main(String[] a) throws Exception {
        Path root = Files.createTempDirectory(Path.of(a[0]), "prof");
        int packs = Integer.parseInt(a[1]);
        Path src = Files.createDirectories(root.resolve("src"));
        Random r = new Random(1);
        byte[] b = new byte[4 << 20];
        for (int i = 0; i < packs; i++) { r.nextBytes(b); Files.write(src.resolve("p" + i), b); }
        for (int rnd = 0; rnd < 2; rnd++) { final int round = rnd;
            System.out.printf("round %d: cp -r %.2f s | cp -r + sync -f %.2f s | streamed+sha256+fsync x3 %.2f s | transferTo+fsync x3 %.2f s | sha256 only %.2f s%n", round,
                t(() -> sh("cp -r " + src + " " + root.resolve("cp" + round))),
                t(() -> sh("cp -r " + src + " " + root.resolve("cps" + round) + " && sync -f " + root.resolve("cps" + round))),
                t(() -> each(src, Files.createDirectories(root.resolve("st" + round)), true)),
                t(() -> each(src, Files.createDirectories(root.resolve("tt" + round)), false)),
                t(() -> { for (Path p : list(src)) sha(Files.newInputStream(p), OutputStream.nullOutputStream()); }));
        }
        sh("rm -rf " + root);
    }
    interface S { void run() throws Exception; }
    static double t(S s) throws Exception { sh("sync"); long t0 = System.nanoTime(); s.run(); return (System.nanoTime() - t0) / 1e9; }
    static void sh(String c) throws Exception { if (new ProcessBuilder("sh", "-c", c).inheritIO().start().waitFor() != 0) throw new IllegalStateException(c); }
    static List<Path> list(Path d) throws IOException { try (var s = Files.list(d)) { return s.toList(); } }
    static void each(Path src, Path dst, boolean streamed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> fs = new ArrayList<>();
        for (Path p : list(src)) fs.add(pool.submit(() -> {
            Path tmp = dst.resolve(p.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (streamed) { try (InputStream in = Files.newInputStream(p)) { sha(in, java.nio.channels.Channels.newOutputStream(out)); } }
                else try (FileChannel in = FileChannel.open(p)) { long n = 0, size = in.size(); while (n < size) n += in.transferTo(n, size - n, out); }
                out.force(true);
            }
            Files.move(tmp, dst.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            return null;
        }));
        for (Future<?> f : fs) f.get();
        pool.shutdown();
    }
    static void sha(InputStream in, OutputStream out) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256"); byte[] buf = new byte[64 * 1024]; int n;
        while ((n = in.read(buf)) >= 0) { md.update(buf, 0, n); out.write(buf, 0, n); } md.digest();
    }
}
