package io.vaultfleet.agent.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Another server's backups opened for a restore: reads pass, and anything that would write or delete is refused by
 * name before it reaches the storage (the console's grant is read/list only anyway; this says so here too, and
 * keeps a folder store, which has no such grant, just as untouched).
 */
public final class ReadOnlyStore extends ForwardingStore {
    public ReadOnlyStore(BlobStore target) {
        super(target);
    }

    @Override
    public void put(String name, byte[] data, int offset, int length) throws IOException {
        throw new IOException("not written: " + name + " belongs to another server's backups, opened read-only");
    }

    @Override
    public void putFile(String name, Path file) throws IOException {
        throw new IOException("not written: " + name + " belongs to another server's backups, opened read-only");
    }

    @Override
    public void delete(String name) throws IOException {
        throw new IOException("not deleted: " + name + " belongs to another server's backups, opened read-only");
    }

    @Override
    public boolean agentMayDelete() {
        return false;
    }

    @Override
    public void deleteTemporary(TempFile file) throws IOException {
        throw new IOException("not deleted: another server's backups are opened read-only");
    }
}
