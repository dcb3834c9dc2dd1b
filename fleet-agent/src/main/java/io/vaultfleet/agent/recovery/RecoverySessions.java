package io.vaultfleet.agent.recovery;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.WrongPassphraseException;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.ReadOnlyStore;
import io.vaultfleet.protocol.RecoveryKey;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.recovery.RecoveryKeys;

/**
 * The recovery sessions the console opened on this agent. For another server's backups: a fresh P-256 key pair per
 * session, its public half signed with this agent's identity key ({@code recovery-key}); the sealed passphrase is
 * opened with the private half, used to open the source's repository read-only, and zeroed at once. For this
 * server's own backups the agent opens its own repository with the passphrase it keeps. A session unused for
 * {@link #IDLE} (and running no restore) is forgotten, as is a session key after it.
 */
public final class RecoverySessions implements AutoCloseable {
    /** How long an unused session (and a session key) lives; the console expires its side after the same time. */
    public static final Duration IDLE = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(RecoverySessions.class);

    /** Opens this server's own repository (its storage grant and kept passphrase). */
    @FunctionalInterface
    public interface OwnRepository {
        Repository open() throws IOException;
    }

    /** Opens a store from a {@code folder:} or {@code azure:} location (a secret: never logged). */
    @FunctionalInterface
    public interface StoreOpener {
        BlobStore open(String location) throws IOException;
    }

    private final Map<String, RecoverySession> sessions = new ConcurrentHashMap<>();
    private final Function<byte[], byte[]> signer;
    private final OwnRepository own;
    private final StoreOpener stores;
    private final Clock clock;

    /**
     * @param signer signs with this agent's registered identity key (Ed25519); throws when the agent has none
     */
    public RecoverySessions(Function<byte[], byte[]> signer, OwnRepository own, StoreOpener stores, Clock clock) {
        this.signer = signer;
        this.own = own;
        this.stores = stores;
        this.clock = clock;
    }

    /** {@code recovery-key-request}: a new key for the session (a repeated request replaces the key). */
    public RecoveryKey key(String sessionId) {
        Instant now = clock.instant();
        KeyPair pair = RecoveryKeys.generate();
        String publicKey = RecoveryKeys.encodePublic(pair.getPublic());
        // whole seconds: the statement is signed over the instant's text, which the console re-creates from JSON
        Instant expiresAt = now.plus(IDLE).truncatedTo(ChronoUnit.SECONDS);
        String signature = Base64.getEncoder().encodeToString(
                signer.apply(RecoveryKeys.statement(sessionId, publicKey, expiresAt)));
        RecoverySession session = sessions.computeIfAbsent(sessionId, id -> new RecoverySession(id, now));
        session.key(pair, expiresAt);
        session.touch(now);
        return new RecoveryKey(sessionId, publicKey, expiresAt, signature);
    }

    /** {@code recovery-open}: opens the backups to read; a wrong passphrase is said before anything is written. */
    public RecoveryOpened open(RecoveryOpen request) {
        Instant now = clock.instant();
        String sessionId = request.sessionId();
        if (!request.anotherServer()) {
            RecoverySession session = sessions.computeIfAbsent(sessionId, id -> new RecoverySession(id, now));
            session.touch(now);
            try {
                session.opened(own.open(), request.sourceServerId());
                return new RecoveryOpened(sessionId, RecoveryOpenResult.OPENED, "");
            } catch (WrongPassphraseException e) {
                return failed(sessionId, RecoveryOpenResult.FAILED, "this server's kept passphrase no longer opens "
                        + "its backups (was it changed elsewhere?): " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                return failed(sessionId, RecoveryOpenResult.STORAGE_UNREACHABLE, "this server's backups could not be "
                        + "opened: " + Secrets.redact(e.getMessage()));
            }
        }
        RecoverySession session = sessions.get(sessionId);
        if (session == null || session.key() == null) {
            return failed(sessionId, RecoveryOpenResult.UNKNOWN_SESSION, "this agent has no key for recovery session "
                    + sessionId + " (it restarted, or the session expired): start the recovery again");
        }
        session.touch(now);
        if (now.isAfter(session.keyExpiresAt())) {
            session.forget();
            return failed(sessionId, RecoveryOpenResult.KEY_MISMATCH, "the session key expired at "
                    + session.keyExpiresAt() + ": start the recovery again and type the passphrase anew");
        }
        char[] passphrase;
        try {
            passphrase = RecoveryKeys.open(session.key().getPrivate(), sessionId, request.sealedPassphrase());
        } catch (IllegalArgumentException e) {
            return failed(sessionId, RecoveryOpenResult.KEY_MISMATCH, e.getMessage());
        }
        try {
            BlobStore store = new ReadOnlyStore(stores.open(request.sourceRepository()));
            session.opened(Repository.open(store, passphrase), request.sourceServerId());
            return new RecoveryOpened(sessionId, RecoveryOpenResult.OPENED, "");
        } catch (WrongPassphraseException e) {
            return failed(sessionId, RecoveryOpenResult.WRONG_PASSPHRASE, "The passphrase does not open the backups "
                    + "of server " + request.sourceServerId() + ". Nothing was restored or written; type it again.");
        } catch (IOException | RuntimeException e) {
            return failed(sessionId, RecoveryOpenResult.STORAGE_UNREACHABLE, "the backups of server "
                    + request.sourceServerId() + " could not be read: " + Secrets.redact(e.getMessage()));
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private static RecoveryOpened failed(String sessionId, RecoveryOpenResult result, String detail) {
        log.warn("recovery session {}: {}: {}", sessionId, result, detail);
        return new RecoveryOpened(sessionId, result, detail);
    }

    /** The session with its repository open, touched (it lives {@link #IDLE} more); empty when unknown or not open. */
    public Optional<RecoverySession> opened(String sessionId) {
        RecoverySession session = sessions.get(sessionId);
        if (session == null || session.repository() == null) {
            return Optional.empty();
        }
        session.touch(clock.instant());
        return Optional.of(session);
    }

    /** A download or restore ends on the session: it may expire again, {@link #IDLE} from now. */
    public void workEnded(RecoverySession session) {
        session.jobEnded(clock.instant());
    }

    /** {@code recovery-close}, or the end of its restore: the key and the repository's master key are forgotten. */
    public void close(String sessionId) {
        RecoverySession session = sessions.remove(sessionId);
        if (session != null) {
            session.forget();
            log.info("recovery session {} closed", sessionId);
        }
    }

    /** Forgets the sessions unused for {@link #IDLE} that run no restore; call now and then. */
    public void expireIdle() {
        Instant limit = clock.instant().minus(IDLE);
        sessions.values().removeIf(session -> {
            if (session.idleSince(limit)) {
                session.forget();
                log.info("recovery session {} expired (unused for {} min)", session.id(), IDLE.toMinutes());
                return true;
            }
            return false;
        });
    }

    /** Whether the agent holds this session (tests, status). */
    public boolean holds(String sessionId) {
        return sessions.containsKey(sessionId);
    }

    @Override
    public void close() {
        sessions.keySet().forEach(this::close);
    }
}
