package io.vaultfleet.agent.store;

import java.io.IOException;
import java.util.List;

/**
 * A flat namespace of immutable blobs named by '/'-separated paths. Writes are atomic: a reader sees a whole blob or
 * none. Implementations are thread-safe.
 */
public interface BlobStore extends AutoCloseable {
    /** Stores {@code data[offset, offset+length)} under {@code name}, replacing any blob of that name. */
    void put(String name, byte[] data, int offset, int length) throws IOException;

    default void put(String name, byte[] data) throws IOException {
        put(name, data, 0, data.length);
    }

    /** The whole blob; {@link BlobNotFoundException} when there is none. */
    byte[] get(String name) throws IOException;

    /**
     * Reads the whole blob into {@code buffer} (a restore reuses one per thread instead of allocating gigabytes) and
     * returns its length; an {@link IOException} when it does not fit, {@link BlobNotFoundException} when there is none.
     */
    default int getInto(String name, byte[] buffer) throws IOException {
        byte[] data = get(name);
        if (data.length > buffer.length) {
            throw new IOException(name + " is larger than expected (" + data.length + " bytes)");
        }
        System.arraycopy(data, 0, buffer, 0, data.length);
        return data.length;
    }

    /** {@code length} bytes from {@code offset}; fewer only when the blob ends first. */
    byte[] getRange(String name, long offset, int length) throws IOException;

    /** Size in bytes; {@link BlobNotFoundException} when there is none. */
    long size(String name) throws IOException;

    /** Every blob whose name starts with {@code prefix}, in no particular order. */
    List<BlobInfo> list(String prefix) throws IOException;

    /** Removes the blob if present. Agents normally hold no delete right; tests and the console use this. */
    void delete(String name) throws IOException;

    /** Where the blobs are, for messages (never includes secrets). */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
