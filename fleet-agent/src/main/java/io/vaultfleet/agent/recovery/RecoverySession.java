package io.vaultfleet.agent.recovery;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Instant;

import io.vaultfleet.agent.repo.Repository;

/**
 * One recovery the console runs on this agent: its one-session key (another server's backups only), then the open
 * repository. The passphrase itself is never kept: it is zeroed as soon as the repository is open (or refused);
 * the repository's master key is wiped when the session ends.
 */
public final class RecoverySession {
    private final String id;
    private KeyPair key;
    private Instant keyExpiresAt;
    private Repository repository;
    private String sourceServerId;
    private Instant lastUsed;
    private int jobs;

    RecoverySession(String id, Instant now) {
        this.id = id;
        this.lastUsed = now;
    }

    public String id() {
        return id;
    }

    synchronized void key(KeyPair key, Instant expiresAt) {
        this.key = key;
        this.keyExpiresAt = expiresAt;
    }

    synchronized KeyPair key() {
        return key;
    }

    synchronized Instant keyExpiresAt() {
        return keyExpiresAt;
    }

    synchronized void opened(Repository repository, String sourceServerId) {
        if (this.repository != null && this.repository != repository) {
            this.repository.wipeKey();
        }
        this.repository = repository;
        this.sourceServerId = sourceServerId;
    }

    /** The open repository, or null before {@code recovery-open} succeeded. */
    public synchronized Repository repository() {
        return repository;
    }

    public synchronized String sourceServerId() {
        return sourceServerId;
    }

    synchronized void touch(Instant now) {
        lastUsed = now;
    }

    synchronized boolean idleSince(Instant limit) {
        return jobs == 0 && lastUsed.isBefore(limit);
    }

    /** A restore runs on this session: it does not expire meanwhile. */
    synchronized void jobStarted() {
        jobs++;
    }

    synchronized void jobEnded(Instant now) {
        jobs--;
        lastUsed = now;
    }

    /** Forgets the key and wipes the repository's master key. */
    synchronized void forget() {
        key = null;
        if (repository != null) {
            repository.wipeKey();
            try {
                repository.store().close();
            } catch (IOException | RuntimeException e) {
                // closing a store only releases connections: nothing of the restore depends on it
            }
            repository = null;
        }
    }
}
