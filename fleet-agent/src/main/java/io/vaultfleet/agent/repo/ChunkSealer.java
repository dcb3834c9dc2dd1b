package io.vaultfleet.agent.repo;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

/**
 * Turns a chunk's plaintext into what goes into a pack (zstd when it saves at least 1/32 of the size, else raw;
 * then sealed) and back, checking the chunk id after decryption. Thread-safe.
 */
public final class ChunkSealer {
    public static final int FLAG_ZSTD = 1;

    /** A chunk ready for a pack: its sealed bytes are {@code sealed[0, sealedLength)}. */
    public record SealedChunk(ChunkId id, int flags, int plainLength, byte[] sealed, int sealedLength) {
        SealedChunk(ChunkId id, int flags, int plainLength, byte[] sealed) {
            this(id, flags, plainLength, sealed, sealed.length);
        }
    }

    private final Crypto crypto;
    private final ThreadLocal<ZstdCompressCtx> compressors;
    private final ThreadLocal<ZstdDecompressCtx> decompressors = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    /** Each sealing thread's one buffer: the compressed bytes are encrypted where they are (see sealReusing). */
    private final ThreadLocal<byte[]> output = new ThreadLocal<>();
    private final ThreadLocal<byte[]> openedPlain = new ThreadLocal<>();
    private final ThreadLocal<byte[]> openedPayload = new ThreadLocal<>();
    private final boolean compress;

    public ChunkSealer(Crypto crypto, int zstdLevel) {
        this.crypto = crypto;
        this.compress = zstdLevel != 0;
        this.compressors = ThreadLocal.withInitial(() -> {
            ZstdCompressCtx ctx = new ZstdCompressCtx();
            ctx.setLevel(zstdLevel);
            ctx.setContentSize(true);
            ctx.setChecksum(false);
            return ctx;
        });
    }

    public Crypto crypto() {
        return crypto;
    }

    /** Seals into a new array the caller keeps. */
    public SealedChunk seal(ChunkId id, byte[] data, int offset, int length) {
        SealedChunk reused = sealReusing(id, data, offset, length);
        return new SealedChunk(id, reused.flags(), length, Arrays.copyOf(reused.sealed(), reused.sealedLength()));
    }

    /**
     * Seals into this thread's output buffer, allocating nothing per chunk (a backup seals gigabytes): the result is
     * valid only until this thread seals the next chunk, so copy it out (into a pack) before that. One buffer, not one
     * to compress into and one to encrypt into: zstd writes just after where the nonce goes and AES-GCM encrypts those
     * bytes in place (the JDK's GCM encrypts an array into itself at the same offset without a copy). With a second
     * buffer each sealer held another ~5 MiB for a 4 MiB chunk, through the whole backup (decision 038).
     */
    public SealedChunk sealReusing(ChunkId id, byte[] data, int offset, int length) {
        byte[] out = buffer(output, (int) Math.max(length, compress ? Zstd.compressBound(length) : 0)
                + Crypto.OVERHEAD);
        if (compress && length >= 512) {
            int room = out.length - Crypto.OVERHEAD;
            int n = compressors.get().compressByteArray(out, Crypto.NONCE_LENGTH, room, data, offset, length);
            if (n <= length - length / 32) {
                int sealedLength = crypto.sealInto(SealKind.CHUNK, out, Crypto.NONCE_LENGTH, n, out, 0);
                return new SealedChunk(id, FLAG_ZSTD, length, out, sealedLength);
            }
        }
        int sealedLength = crypto.sealInto(SealKind.CHUNK, data, offset, length, out, 0);
        return new SealedChunk(id, 0, length, out, sealedLength);
    }

    private static byte[] buffer(ThreadLocal<byte[]> holder, int size) {
        byte[] buf = holder.get();
        if (buf == null || buf.length < size) {
            // grown in steps of 1 MiB so that chunks of slightly different sizes do not reallocate each time
            buf = new byte[(size + (1 << 20) - 1) & -(1 << 20)];
            holder.set(buf);
        }
        return buf;
    }

    /**
     * As {@link #open}, into this thread's buffers: the plaintext is {@code [0, plainLength)} of the returned array,
     * valid only until this thread opens the next chunk (a restore writes it out before that).
     */
    public byte[] openReusing(ChunkId expected, int flags, int plainLength, byte[] sealed, int offset, int length)
            throws IntegrityException {
        if (length < Crypto.OVERHEAD || plainLength < 0) {
            throw new IntegrityException("chunk " + expected + " is too short to be sealed");
        }
        byte[] plain = buffer(openedPlain, Math.max(plainLength, length - Crypto.OVERHEAD));
        if ((flags & FLAG_ZSTD) == 0) {
            int n = crypto.openInto(SealKind.CHUNK, sealed, offset, length, plain, 0);
            if (n != plainLength) {
                throw new IntegrityException("chunk " + expected + " holds " + n + " bytes, expected " + plainLength);
            }
        } else {
            byte[] payload = buffer(openedPayload, length - Crypto.OVERHEAD);
            int n = crypto.openInto(SealKind.CHUNK, sealed, offset, length, payload, 0);
            try {
                int m = decompressors.get().decompressByteArray(plain, 0, plainLength, payload, 0, n);
                if (m != plainLength) {
                    throw new IntegrityException("chunk " + expected + " decompresses to " + m + " bytes, expected "
                            + plainLength);
                }
            } catch (RuntimeException e) {
                throw new IntegrityException("chunk " + expected + " does not decompress: " + e.getMessage(), e);
            }
        }
        if (!crypto.chunkId(plain, 0, plainLength).equals(expected)) {
            throw new IntegrityException("chunk " + expected + " content does not match its id");
        }
        return plain;
    }

    /**
     * Gets the opening path (AES-GCM decryption, zstd, the chunk id's HMAC) compiled before a restore or
     * {@code verify --read-data} opens its first real chunk, on a throw-away key: a short process otherwise decrypts
     * its first few seconds of chunks with GCM's plain Java code (measured: ~2.6 s of CPU in a 4 GiB restore), because
     * the JIT compiles the intrinsic path only after thousands of calls. Many small chunks reach those thresholds in
     * a few milliseconds; a few large ones (over GCM's 1 MiB split) keep their branch in the compiled code. Runs on a
     * daemon thread of its own, started before the passphrase key is derived. Measured on the 4 GiB benchmark
     * repository: {@code verify --read-data} 5.71–5.85 s without, 5.44–5.49 s with (CPU 9.7–9.9 s against 9.2–9.3 s).
     */
    public static Thread warmUpOpeningInBackground() {
        return Thread.ofPlatform().daemon().name("opening-warm-up").start(ChunkSealer::warmUpOpening);
    }

    static void warmUpOpening() {
        byte[] key = new byte[Crypto.KEY_LENGTH];
        new SecureRandom().nextBytes(key);
        ChunkSealer sealer = new ChunkSealer(new Crypto(key, NonceSource.secureRandom()), 1);
        SplittableRandom random = new SplittableRandom(25);
        byte[] text = new byte[2 << 20];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + random.nextInt(8));
        }
        byte[] noise = new byte[2 << 20];
        random.nextBytes(noise);
        SealedChunk[] small = {sealer.seal(sealer.crypto.chunkId(text, 0, 4096), text, 0, 4096),
                sealer.seal(sealer.crypto.chunkId(noise, 0, 4096), noise, 0, 4096)};
        SealedChunk[] large = {sealer.seal(sealer.crypto.chunkId(text, 0, text.length), text, 0, text.length),
                sealer.seal(sealer.crypto.chunkId(noise, 0, noise.length), noise, 0, noise.length)};
        try {
            for (int i = 0; i < 6000; i++) {
                SealedChunk c = i % 300 == 299 ? large[(i / 300) % 2] : small[i % 2];
                sealer.openReusing(c.id(), c.flags(), c.plainLength(), c.sealed(), 0, c.sealedLength());
            }
        } catch (IntegrityException e) {
            throw new IllegalStateException("warm-up chunk did not open", e);
        }
    }

    /** Opens a sealed chunk into a new array and checks that its plaintext has the expected id. */
    public byte[] open(ChunkId expected, int flags, int plainLength, byte[] sealed, int offset, int length)
            throws IntegrityException {
        return Arrays.copyOf(openReusing(expected, flags, plainLength, sealed, offset, length), plainLength);
    }
}
