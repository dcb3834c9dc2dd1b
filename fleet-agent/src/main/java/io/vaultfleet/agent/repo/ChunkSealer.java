package io.vaultfleet.agent.repo;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

/**
 * Turns a chunk's plaintext into what goes into a pack (zstd when it saves at least 1/32 of the size, else raw;
 * then sealed) and back, checking the chunk id after decryption. Thread-safe.
 */
public final class ChunkSealer {
    public static final int FLAG_ZSTD = 1;

    /** A chunk ready for a pack. */
    public record SealedChunk(ChunkId id, int flags, int plainLength, byte[] sealed) {
    }

    private final Crypto crypto;
    private final ThreadLocal<ZstdCompressCtx> compressors;
    private final ThreadLocal<ZstdDecompressCtx> decompressors = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    private final ThreadLocal<byte[]> scratch = new ThreadLocal<>();
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

    public SealedChunk seal(ChunkId id, byte[] data, int offset, int length) {
        if (compress && length >= 512) {
            int bound = (int) Zstd.compressBound(length);
            byte[] buf = scratch.get();
            if (buf == null || buf.length < bound) {
                buf = new byte[bound];
                scratch.set(buf);
            }
            int n = compressors.get().compressByteArray(buf, 0, buf.length, data, offset, length);
            if (n <= length - length / 32) {
                return new SealedChunk(id, FLAG_ZSTD, length, crypto.seal(SealKind.CHUNK, buf, 0, n));
            }
        }
        return new SealedChunk(id, 0, length, crypto.seal(SealKind.CHUNK, data, offset, length));
    }

    /** Opens a sealed chunk and checks that its plaintext has the expected id. */
    public byte[] open(ChunkId expected, int flags, int plainLength, byte[] sealed, int offset, int length)
            throws IntegrityException {
        byte[] payload = crypto.open(SealKind.CHUNK, sealed, offset, length);
        byte[] plain;
        if ((flags & FLAG_ZSTD) != 0) {
            plain = new byte[plainLength];
            try {
                int n = decompressors.get().decompressByteArray(plain, 0, plainLength, payload, 0, payload.length);
                if (n != plainLength) {
                    throw new IntegrityException("chunk " + expected + " decompresses to " + n + " bytes, expected "
                            + plainLength);
                }
            } catch (RuntimeException e) {
                throw new IntegrityException("chunk " + expected + " does not decompress: " + e.getMessage(), e);
            }
        } else {
            plain = payload;
        }
        if (plain.length != plainLength || !crypto.chunkId(plain, 0, plain.length).equals(expected)) {
            throw new IntegrityException("chunk " + expected + " content does not match its id");
        }
        return plain;
    }
}
