package io.vaultfleet.protocol;

/** The kind of an entry in a recovery point's folder listing. */
public enum EntryKind {
    FOLDER, FILE, SYMLINK,
    /** FIFO, device node, socket: listed, restored as the agent can. */
    OTHER
}
