package io.vaultfleet.agent.repo;

/** One chunk in a pack: id, flags (bit 0: zstd), where its sealed bytes are, and its plaintext length. */
public record PackEntry(ChunkId id, int flags, int offset, int sealedLength, int plainLength) {
    /** Bytes of one entry in a pack header: id(32) flags(1) sealedLength(4) plainLength(4). */
    public static final int HEADER_ENTRY_LENGTH = 41;
}
