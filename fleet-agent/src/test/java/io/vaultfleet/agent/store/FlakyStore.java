package io.vaultfleet.agent.store;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fails every other call with a transient error (as a throttled or overloaded service would). */
final class FlakyStore implements BlobStore {
    private final BlobStore delegate;
    final AtomicInteger calls = new AtomicInteger();

    FlakyStore(BlobStore delegate) {
        this.delegate = delegate;
    }

    private void maybeFail(String what) throws TransientStoreException {
        if (calls.incrementAndGet() % 2 == 1) {
            throw new TransientStoreException(what + ": HTTP 503 ServerBusy", null);
        }
    }

    @Override
    public void put(String name, byte[] data, int offset, int length) throws IOException {
        maybeFail(name);
        delegate.put(name, data, offset, length);
    }

    @Override
    public byte[] get(String name) throws IOException {
        maybeFail(name);
        return delegate.get(name);
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        maybeFail(name);
        return delegate.getRange(name, offset, length);
    }

    @Override
    public long size(String name) throws IOException {
        maybeFail(name);
        return delegate.size(name);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        maybeFail(prefix);
        return delegate.list(prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        maybeFail(name);
        delegate.delete(name);
    }

    @Override
    public String describe() {
        return "flaky " + delegate.describe();
    }
}
