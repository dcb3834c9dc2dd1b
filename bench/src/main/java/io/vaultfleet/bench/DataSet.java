package io.vaultfleet.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The reproducible benchmark data set (same seed, same bytes on every machine):
 * <ul>
 * <li>incompressible: 6 × 256 MiB random;</li>
 * <li>compressible: 4 × 256 MiB log-like text;</li>
 * <li>duplicated: copies of 2 random and 1 text file (768 MiB);</li>
 * <li>one 512 MiB file, half text and half random, in 1 MiB stripes;</li>
 * <li>many small files: 50,000 files of 1–16 KiB (two thirds text), in 500 folders.</li>
 * </ul>
 * About 4.2 GiB. {@code create DIR SCALE} scales the large files (not the 50,000 small ones) by SCALE (0 &lt; SCALE
 * &le; 1; e.g. 0.125: ~0.7 GiB) for a quicker run on a busy machine. {@code mutate} changes every 20th file (5%):
 * small files rewritten, large ones get 1 MiB overwritten in the middle.
 */
public final class DataSet {
    private static final int MIB = 1024 * 1024;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[1]);
        switch (args[0]) {
            case "create" -> create(root, args.length > 2 ? Double.parseDouble(args[2]) : 1.0);
            case "mutate" -> mutate(root);
            default -> throw new IllegalArgumentException("create DIR [SCALE] | mutate DIR");
        }
    }

    static void create(Path root, double scale) throws IOException {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("SCALE must be in (0, 1]");
        }
        long large = Math.max(1, Math.round(64 * scale)) * 4L * MIB; // whole 4 MiB blocks
        Files.createDirectories(root.resolve("random"));
        Files.createDirectories(root.resolve("text"));
        Files.createDirectories(root.resolve("dup"));
        Files.createDirectories(root.resolve("mixed"));
        for (int i = 0; i < 6; i++) {
            writeRandom(root.resolve("random/blob-" + i + ".bin"), large, 1000 + i);
        }
        for (int i = 0; i < 4; i++) {
            writeText(root.resolve("text/log-" + i + ".log"), large, 2000 + i);
        }
        Files.copy(root.resolve("random/blob-0.bin"), root.resolve("dup/blob-0-copy.bin"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(root.resolve("random/blob-1.bin"), root.resolve("dup/blob-1-copy.bin"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(root.resolve("text/log-0.log"), root.resolve("dup/log-0-copy.log"), StandardCopyOption.REPLACE_EXISTING);
        try (OutputStream out = Files.newOutputStream(root.resolve("mixed/striped.dat"))) {
            SplittableRandom random = new SplittableRandom(3000);
            byte[] block = new byte[MIB];
            for (int i = 0; i < 2 * large / MIB; i++) {
                if (i % 2 == 0) {
                    fillRandom(random, block);
                } else {
                    fillText(random, block);
                }
                out.write(block);
            }
        }
        SplittableRandom random = new SplittableRandom(4000);
        for (int d = 0; d < 500; d++) {
            Path dir = root.resolve("small/d" + d);
            Files.createDirectories(dir);
            for (int f = 0; f < 100; f++) {
                byte[] data = new byte[1024 + random.nextInt(15 * 1024)];
                if (random.nextInt(3) == 0) {
                    fillRandom(random, data);
                } else {
                    fillText(random, data);
                }
                Files.write(dir.resolve("f" + f + (data.length % 2 == 0 ? ".txt" : ".dat")), data);
            }
        }
    }

    static void writeRandom(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[4 * MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                fillRandom(random, block);
                out.write(block);
            }
        }
    }

    static void writeText(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[4 * MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                fillText(random, block);
                out.write(block);
            }
        }
    }

    static void fillRandom(SplittableRandom random, byte[] block) {
        for (int i = 0; i + 8 <= block.length; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8; b++) {
                block[i + b] = (byte) (v >>> (8 * b));
            }
        }
        for (int i = block.length & ~7; i < block.length; i++) {
            block[i] = (byte) random.nextInt();
        }
    }

    private static final String[] WORDS = ("GET POST PUT /api/v1/items /api/v1/users /static/app.js 200 201 304 404 500 "
            + "INFO WARN ERROR DEBUG request completed failed retry user session cache hit miss backup vault agent "
            + "server connected disconnected latency_ms bytes=").split(" ");

    static void fillText(SplittableRandom random, byte[] block) {
        int pos = 0;
        StringBuilder line = new StringBuilder(160);
        while (pos < block.length) {
            line.setLength(0);
            line.append("2026-11-25T").append(10 + random.nextInt(10)).append(':').append(10 + random.nextInt(50))
                    .append(':').append(10 + random.nextInt(50)).append('.').append(random.nextInt(1000)).append("Z ");
            int words = 4 + random.nextInt(10);
            for (int w = 0; w < words; w++) {
                line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                if (random.nextInt(4) == 0) {
                    line.append(random.nextInt(100_000)).append(' ');
                }
            }
            line.append('\n');
            byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
            int n = Math.min(bytes.length, block.length - pos);
            System.arraycopy(bytes, 0, block, pos, n);
            pos += n;
        }
    }

    static void mutate(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        SplittableRandom random = new SplittableRandom(5000);
        long changedBytes = 0;
        int changed = 0;
        for (int i = 0; i < files.size(); i += 20) {
            Path f = files.get(i);
            long size = Files.size(f);
            if (size <= 64 * 1024) {
                byte[] data = Files.readAllBytes(f);
                fillText(random, data);
                Files.write(f, data);
                changedBytes += data.length;
            } else {
                try (var ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    byte[] data = new byte[MIB];
                    fillRandom(random, data);
                    ch.write(ByteBuffer.wrap(data), size / 2);
                }
                changedBytes += MIB;
            }
            changed++;
        }
        System.out.printf("changed %d of %d files (%d bytes written)%n", changed, files.size(), changedBytes);
    }
}
