package io.vaultfleet.agent.store;

import java.io.IOException;
import java.util.List;
import java.nio.file.Path;

/** A store that passes every call to another: the base of a decorator (throttling, a test's fault) that changes some calls. */
public class ForwardingStore implements BlobStore {
    private final BlobStore target;

    public ForwardingStore(BlobStore target) {
        this.target = target;
    }

    @Override
    public void put(String name, byte[] data, int offset, int length) throws IOException {
        target.put(name, data, offset, length);
    }

    @Override
    public void putFile(String name, Path file) throws IOException {
        target.putFile(name, file);
    }

    @Override
    public byte[] get(String name) throws IOException {
        return target.get(name);
    }

    @Override
    public int getInto(String name, byte[] buffer) throws IOException {
        return target.getInto(name, buffer);
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        return target.getRange(name, offset, length);
    }

    @Override
    public int getRangeInto(String name, long offset, int length, byte[] buffer) throws IOException {
        return target.getRangeInto(name, offset, length, buffer);
    }

    @Override
    public long size(String name) throws IOException {
        return target.size(name);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return target.list(prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        target.delete(name);
    }

    @Override
    public boolean agentMayDelete() {
        return target.agentMayDelete();
    }

    @Override
    public List<TempFile> listTemporary(String prefix) throws IOException {
        return target.listTemporary(prefix);
    }

    @Override
    public byte[] getTemporary(TempFile file) throws IOException {
        return target.getTemporary(file);
    }

    @Override
    public void deleteTemporary(TempFile file) throws IOException {
        target.deleteTemporary(file);
    }

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
