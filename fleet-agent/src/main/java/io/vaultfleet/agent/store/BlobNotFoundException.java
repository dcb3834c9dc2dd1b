package io.vaultfleet.agent.store;

import java.io.IOException;

/** The named blob does not exist. */
public final class BlobNotFoundException extends IOException {
    private final String name;

    public BlobNotFoundException(String name) {
        super("blob not found: " + name);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
