package io.vaultfleet.agent.store;

/** A stored blob's name and size. */
public record BlobInfo(String name, long size) {
}
