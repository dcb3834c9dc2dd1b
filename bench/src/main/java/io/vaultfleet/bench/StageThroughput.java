package io.vaultfleet.bench;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.SplittableRandom;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Chunker;
import io.vaultfleet.agent.repo.ChunkerParams;
import io.vaultfleet.agent.repo.Crypto;
import io.vaultfleet.agent.repo.NonceSource;
import io.vaultfleet.agent.repo.SealKind;

/**
 * One core, one stage at a time: the agent's stage (its own code path) next to the bare primitive it is built on,
 * both on the same 1 MiB chunks of random and log-like data. Prints a Markdown table. Each measurement runs after a
 * warm-up so it shows steady state; the encryption row also shows the first second (the JIT warm-up trap).
 */
public final class StageThroughput {
    private static final int MIB = 1024 * 1024;
    private static final int CHUNKS = 128;

    @FunctionalInterface
    interface Work {
        void run(byte[] chunk) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        byte[][] randomChunks = new byte[CHUNKS][MIB];
        byte[][] textChunks = new byte[CHUNKS][MIB];
        for (int i = 0; i < CHUNKS; i++) {
            DataSet.fillRandom(random, randomChunks[i]);
            DataSet.fillText(random, textChunks[i]);
        }
        byte[] master = new byte[32];
        Crypto crypto = new Crypto(master, NonceSource.secureRandom());
        ChunkSealer sealer = new ChunkSealer(crypto, 1);
        Chunker chunker = new Chunker(ChunkerParams.withSeed(7));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        ZstdCompressCtx zstd = new ZstdCompressCtx();
        zstd.setLevel(1);
        byte[] zout = new byte[(int) Zstd.compressBound(MIB)];
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec aes = new SecretKeySpec(new byte[32], "AES");
        long[] nonce = {0};
        byte[] all = new byte[CHUNKS * MIB];
        for (int i = 0; i < CHUNKS; i++) {
            System.arraycopy(i % 2 == 0 ? randomChunks[i] : textChunks[i], 0, all, i * MIB, MIB);
        }

        System.out.println("| stage | data | agent stage MiB/s | primitive | primitive MiB/s | stage / primitive |");
        System.out.println("| --- | --- | ---: | --- | ---: | ---: |");
        row("chunking (FastCDC gear)", "mixed", c -> {
            chunker.reset(new ByteArrayInputStream(all));
            while (chunker.next() != null) {
                // count only
            }
        }, new byte[][] {all}, "gear loop, no cut test", c -> gearOnly(all), new byte[][] {all});
        row("hashing (chunk id)", "mixed", c -> crypto.chunkId(c, 0, c.length), mix(randomChunks, textChunks),
                "HmacSHA256 doFinal", c -> mac.doFinal(c), mix(randomChunks, textChunks));
        row("compression (seal incl. zstd-1 + GCM)", "text", c -> sealer.seal(ChunkId.of(new byte[32], 0), c, 0, c.length),
                textChunks, "zstd-jni level 1", c -> zstd.compressByteArray(zout, 0, zout.length, c, 0, c.length), textChunks);
        row("compression skipped (seal, random)", "random", c -> sealer.seal(ChunkId.of(new byte[32], 0), c, 0, c.length),
                randomChunks, "zstd-jni level 1", c -> zstd.compressByteArray(zout, 0, zout.length, c, 0, c.length), randomChunks);
        row("encryption (64 KiB update slices)", "random", c -> crypto.seal(SealKind.CHUNK, c, 0, c.length),
                randomChunks, "AES-GCM one doFinal", c -> {
                    byte[] iv = new byte[12];
                    ByteBuffer.wrap(iv, 4, 8).putLong(nonce[0]++);
                    gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv));
                    gcm.doFinal(c);
                }, randomChunks);
    }

    static byte[][] mix(byte[][] a, byte[][] b) {
        byte[][] m = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            m[i] = i % 2 == 0 ? a[i] : b[i];
        }
        return m;
    }

    static long sink;

    static void gearOnly(byte[] data) {
        long fp = 0;
        long[] gear = new long[256];
        for (int i = 0; i < 256; i++) {
            gear[i] = i * 0x9E3779B97F4A7C15L;
        }
        for (byte b : data) {
            fp = (fp << 1) + gear[b & 0xff];
        }
        sink += fp;
    }

    static void row(String stage, String data, Work work, byte[][] input, String primitive, Work prim,
            byte[][] primInput) throws Exception {
        double first = measure(work, input, 0, 1.0);
        double s = measure(work, input, 2.0, 2.0);
        double p = measure(prim, primInput, 2.0, 2.0);
        String note = stage.startsWith("encryption") ? String.format(Locale.ROOT, " (first second: %.0f)", first) : "";
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f%s | %s | %.0f | %.2f |%n", stage, data, s, note, primitive, p, s / p);
    }

    /** MiB/s over {@code seconds} after {@code warmup} seconds of the same work. */
    static double measure(Work work, byte[][] input, double warmup, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (warmup * 1e9);
        int i = 0;
        while (System.nanoTime() < end) {
            work.run(input[i++ % input.length]);
        }
        long bytes = 0;
        long start = System.nanoTime();
        end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            byte[] c = input[i++ % input.length];
            work.run(c);
            bytes += c.length;
        }
        return bytes / ((System.nanoTime() - start) / 1e9) / MIB;
    }
}
