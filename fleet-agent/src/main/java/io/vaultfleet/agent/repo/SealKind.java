package io.vaultfleet.agent.repo;

/**
 * What a sealed object is. Its byte is the AES-GCM associated data, so one kind of object cannot be passed off as
 * another (an index as a snapshot, a pack header as a chunk).
 */
public enum SealKind {
    CHUNK('C'), PACK_HEADER('H'), INDEX('I'), SNAPSHOT('S'), SNAPSHOT_NODES('N'), SNAPSHOT_SEGMENT('G'),
    SNAPSHOT_TABLE('T'), MASTER_KEY('K');

    private final byte[] aad;

    SealKind(char c) {
        this.aad = new byte[] {(byte) c};
    }

    byte[] aad() {
        return aad;
    }
}
