package io.vaultfleet.agent.store;

import java.io.IOException;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /**
     * Stores the bytes of {@code file} under {@code name} (atomic as {@link #put}). Stores override it to stream the
     * file (a recovery point of millions of files is hundreds of megabytes, decision 032); this default reads it whole.
     */
    default void putFile(String name, Path file) throws IOException {
        put(name, Files.readAllBytes(file));
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

    /**
     * Reads {@code length} bytes from {@code offset} into {@code buffer[0, length)} and returns how many it read
     * (fewer only when the blob ends first): a restore reuses one buffer per thread instead of allocating a new
     * array for every range (issue 17, decision 034). Stores override it to read straight into the buffer; this
     * default copies what {@link #getRange} returns.
     */
    default int getRangeInto(String name, long offset, int length, byte[] buffer) throws IOException {
        if (length > buffer.length) {
            throw new IllegalArgumentException("a buffer of " + buffer.length + " bytes cannot hold " + length);
        }
        byte[] data = getRange(name, offset, length);
        System.arraycopy(data, 0, buffer, 0, data.length);
        return data.length;
    }

    /** Size in bytes; {@link BlobNotFoundException} when there is none. */
    long size(String name) throws IOException;

    /** Every blob whose name starts with {@code prefix}, in no particular order. */
    List<BlobInfo> list(String prefix) throws IOException;

    /** Removes the blob if present. Agents normally hold no delete right; tests and the console use this. */
    void delete(String name) throws IOException;

    /**
     * Whether the agent may delete here. An Azure SAS the console hands out grants no delete (a compromised server must
     * not destroy its backups); a folder repository used directly does. Repair moves damaged blobs aside only where
     * this holds, and otherwise marks them (see {@code repo.Quarantine}).
     */
    default boolean agentMayDelete() {
        return false;
    }

    /**
     * Temporary files of writes that never finished (a folder store's {@code <name>.tmp-<uuid>}, left by a crash or a
     * killed process) under {@code prefix}; other stores have none (Azure drops uncommitted blocks itself).
     */
    default List<TempFile> listTemporary(String prefix) throws IOException {
        return List.of();
    }

    /** The bytes of one file {@link #listTemporary} returned. */
    default byte[] getTemporary(TempFile file) throws IOException {
        throw new IOException("this store has no temporary files");
    }

    /** Removes one file {@link #listTemporary} returned. */
    default void deleteTemporary(TempFile file) throws IOException {
        throw new IOException("this store has no temporary files");
    }

    /** Where the blobs are, for messages (never includes secrets). */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
