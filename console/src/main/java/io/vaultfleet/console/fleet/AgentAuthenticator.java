package io.vaultfleet.console.fleet;

import java.security.PublicKey;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.platform.Timestamps;

import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;

/**
 * Checks the {@link ConnectProof} an enrolled agent sends with its WebSocket upgrade: a known, not revoked server,
 * a signature by that server's registered key, a time within five minutes of the console's clock, and a nonce never
 * seen before. Each refusal says exactly which check failed, for the agent's log and the audit trail.
 */
@Component
class AgentAuthenticator {
    /**
     * What an unregistered server can do next, said the same way to the agent and in the console. Unregistering
     * revokes this registration's key only, not the vault credentials file it registered with (a file can register
     * several servers while it is valid), so that file still registers the server, as a new one.
     */
    static final String AFTER_UNREGISTER = "this registration can no longer connect or get storage access from "
            + "the console. To protect the server again, register it with a valid vault credentials file of its "
            + "vault: the file it used still works until it expires unless it was revoked (download new credentials "
            + "with 'Revoke vault credentials downloaded earlier'). It is then a new registration; the recovery "
            + "points of this one are not carried over";

    /** The longest nonce kept (the agent's are 22 to 44 characters). */
    static final int MAX_NONCE_LENGTH = 200;

    private final RegisteredServerRepository servers;
    private final Clock clock;
    private final JdbcClient jdbc;

    AgentAuthenticator(RegisteredServerRepository servers, Clock clock, JdbcClient jdbc) {
        this.servers = servers;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    sealed interface Outcome permits Accepted, Refused {
    }

    record Accepted(UUID serverId, String serverName) implements Outcome {
    }

    /** {@code kind} names the failed check in a word (for counting refusals); {@code reason} says it in full. */
    record Refused(UUID claimedServerId, String kind, String reason) implements Outcome {
    }

    Outcome check(String header) {
        ConnectProof proof;
        try {
            proof = ConnectProof.parse(header);
        } catch (IllegalArgumentException e) {
            return new Refused(null, "malformed", e.getMessage());
        } catch (DateTimeException e) {
            // e.g. time=9223372036854775807: a number, but not an instant
            return new Refused(null, "malformed", ConnectProof.HEADER + " header is malformed: field 'time' is not a possible time");
        }
        Instant now = clock.instant();
        if (!proof.freshAt(now)) {
            long skew = Duration.between(proof.time(), now).toSeconds();
            return new Refused(proof.serverId(), "clock-skew", "the proof's time is " + Math.abs(skew) + " s "
                    + (skew > 0 ? "behind" : "ahead of") + " the console's clock (at most "
                    + ConnectProof.MAX_SKEW.toMinutes() + " minutes allowed); correct the server's clock");
        }
        var key = servers.findKey(proof.serverId()).orElse(null);
        if (key == null) {
            return new Refused(proof.serverId(), "unknown-server", "server " + proof.serverId() + " is not registered with this console");
        }
        if (key.revokedAt() != null) {
            return new Refused(proof.serverId(), "unregistered", "server " + key.name() + " was unregistered on " + key.revokedAt()
                    + (key.revokedReason() == null ? "" : " (" + key.revokedReason() + ")")
                    + "; " + AFTER_UNREGISTER);
        }
        if (key.publicKey() == null) {
            return new Refused(proof.serverId(), "no-key", "server " + key.name() + " has no registered key");
        }
        PublicKey publicKey = AgentKeys.decodePublic(key.publicKey());
        if (!proof.signatureValid(publicKey)) {
            return new Refused(proof.serverId(), "bad-signature", "the proof is not signed by the key registered for server " + key.name());
        }
        if (proof.nonce().length() > MAX_NONCE_LENGTH) {
            return new Refused(proof.serverId(), "malformed", "the proof's nonce is longer than " + MAX_NONCE_LENGTH
                    + " characters");
        }
        if (!remember(proof.nonce(), proof.time().plus(ConnectProof.MAX_SKEW), now)) {
            return new Refused(proof.serverId(), "replayed", "this proof was already used (a replayed connection request)");
        }
        return new Accepted(key.id(), key.name());
    }

    /**
     * Remembers a nonce until its proof could no longer be fresh; false when it was already seen. In the database, so
     * a proof replayed against another console node (or after a restart) is refused too.
     */
    private boolean remember(String nonce, Instant usableUntil, Instant now) {
        try {
            return jdbc.sql("insert into connect_proof_nonce (nonce, expires_at) values (:n, :e)")
                    .param("n", nonce).param("e", Timestamps.toDb(usableUntil.plus(ConnectProof.MAX_SKEW))).update() == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    void forgetExpired(Instant now) {
        jdbc.sql("delete from connect_proof_nonce where expires_at < :now").param("now", Timestamps.toDb(now)).update();
    }
}
