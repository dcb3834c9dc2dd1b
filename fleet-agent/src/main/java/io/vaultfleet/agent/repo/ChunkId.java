package io.vaultfleet.agent.repo;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** A chunk's id: HMAC-SHA-256 of its plaintext under the repository's id key. Held as four longs (cheap in maps). */
public record ChunkId(long a, long b, long c, long d) {
    public static final int LENGTH = 32;

    public static ChunkId of(byte[] bytes, int offset) {
        ByteBuffer buf = ByteBuffer.wrap(bytes, offset, LENGTH);
        return new ChunkId(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
    }

    public static ChunkId ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex), 0);
    }

    /** Reads 32 bytes at the buffer's position (byte order of the buffer does not matter). */
    public static ChunkId readFrom(ByteBuffer buf) {
        byte[] raw = new byte[LENGTH];
        buf.get(raw);
        return of(raw, 0);
    }

    public void writeTo(ByteBuffer buf) {
        buf.put(bytes());
    }

    public byte[] bytes() {
        return ByteBuffer.allocate(LENGTH).putLong(a).putLong(b).putLong(c).putLong(d).array();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes());
    }

    @Override
    public String toString() {
        return hex();
    }
}
