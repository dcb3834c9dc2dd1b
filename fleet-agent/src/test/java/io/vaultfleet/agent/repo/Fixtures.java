package io.vaultfleet.agent.repo;

import java.nio.ByteBuffer;

/** Deterministic keys and nonces for format tests. */
final class Fixtures {
    static final byte[] MASTER_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            MASTER_KEY[i] = (byte) i;
        }
    }

    private Fixtures() {
    }

    /** Nonce n is the 64-bit counter n, big endian, in the last 8 bytes. */
    static NonceSource counter() {
        long[] next = {1};
        return target -> {
            java.util.Arrays.fill(target, (byte) 0);
            ByteBuffer.wrap(target, target.length - 8, 8).putLong(next[0]++);
        };
    }

    static Crypto crypto() {
        return new Crypto(MASTER_KEY, counter());
    }
}
