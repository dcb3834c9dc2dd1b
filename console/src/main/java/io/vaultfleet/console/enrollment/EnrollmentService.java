package io.vaultfleet.console.enrollment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.downloads.CredentialChecks;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.AnonymousRefusals;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.platform.LogSafe;
import io.vaultfleet.protocol.enrollment.EnrollmentRefusal;
import io.vaultfleet.protocol.enrollment.EnrollmentRefusal.Reason;
import io.vaultfleet.protocol.enrollment.EnrollmentRequest;
import io.vaultfleet.protocol.enrollment.EnrollmentResult;
import io.vaultfleet.protocol.vault.CredentialsVerifier;
import io.vaultfleet.protocol.vault.VaultCredentials;

/** Decides a registration: every check has its own refusal, logged and audited. */
@Service
public class EnrollmentService {
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** The refusal of a restore-only file, worded as the agent's own check words it (RegisterCommand). */
    static final String RESTORE_ONLY_REFUSAL = "This is a secondary-region (restore-only) credentials file of vault "
            + "'%s': it restores recovery points from the vault's secondary copy (fleet-agent restore --credentials "
            + "FILE) and never registers a server. To register, download vault credentials from the vault's Prepare "
            + "infrastructure page.";
    private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);

    private final CredentialChecks credentials;
    private final FleetService fleet;
    private final EnrollmentNonces nonces;
    private final AuditLog audit;
    private final AnonymousRefusals refusals;
    private final Clock clock;

    EnrollmentService(CredentialChecks credentials, FleetService fleet, EnrollmentNonces nonces, AuditLog audit,
                      AnonymousRefusals refusals, Clock clock) {
        this.credentials = credentials;
        this.fleet = fleet;
        this.nonces = nonces;
        this.audit = audit;
        this.refusals = refusals;
        this.clock = clock;
    }

    /** The result, or the refusal: exactly one is set. */
    public record Decision(EnrollmentResult result, EnrollmentRefusal refusal) {
        static Decision refuse(Reason reason, String message) {
            return new Decision(null, new EnrollmentRefusal(reason, message));
        }
    }

    @Transactional
    public Decision enroll(EnrollmentRequest request, String remoteAddress) {
        Decision decision = decide(request);
        String actor = "agent@" + remoteAddress;
        String host = request == null ? "?" : String.valueOf(request.hostName());
        if (decision.refusal() != null) {
            log.warn("refused registration of '{}' from {}: {} {}", LogSafe.of(host, 100), remoteAddress,
                    decision.refusal().reason(), LogSafe.of(decision.refusal().message()));
            refusals.refused(remoteAddress, actor, "server.register", "host:" + host,
                    decision.refusal().reason().name(), decision.refusal().reason() + ": " + decision.refusal().message());
        } else {
            EnrollmentResult r = decision.result();
            log.info("registered server '{}' ({}) in vault '{}' from {}{}", r.serverName(), r.serverId(), r.vaultName(),
                    remoteAddress, r.reattached() ? " (re-registration of a reinstalled server)" : "");
            audit.recordAs(actor, "server.register", "server:" + r.serverId(), AuditLog.Outcome.SUCCESS,
                    r.serverName() + " in vault " + r.vaultName() + (r.reattached() ? ", reattached" : ""));
        }
        return decision;
    }

    private Decision decide(EnrollmentRequest request) {
        if (request == null) {
            return Decision.refuse(Reason.MALFORMED, "The registration request is empty.");
        }
        String nameProblem = hostNameProblem(request.hostName());
        if (nameProblem != null) {
            return Decision.refuse(Reason.MALFORMED, nameProblem);
        }
        if (blank(request.publicKey()) || blank(request.nonce()) || blank(request.signature())
                || blank(request.agentVersion())) {
            return Decision.refuse(Reason.MALFORMED, "The registration request lacks its key, nonce, signature or agent version.");
        }
        String fieldProblem = fieldProblem(request);
        if (fieldProblem != null) {
            return Decision.refuse(Reason.MALFORMED, fieldProblem);
        }
        Instant now = clock.instant();
        Duration skew = Duration.between(request.signedAt(), now);
        if (skew.abs().compareTo(MAX_SKEW) > 0) {
            return Decision.refuse(Reason.CLOCK_SKEW, "The server's clock is " + Math.abs(skew.toSeconds()) + " s "
                    + (skew.isNegative() ? "ahead of" : "behind") + " the console's (at most " + MAX_SKEW.toMinutes()
                    + " minutes allowed). Correct the server's time and register again.");
        }
        byte[] file;
        try {
            file = request.credentialsFile();
        } catch (IllegalArgumentException e) {
            return Decision.refuse(Reason.MALFORMED, "The vault credentials in the request are not base64.");
        }
        if (!request.signatureValid()) {
            return Decision.refuse(Reason.PROOF_INVALID, "The request is not signed by the key it registers.");
        }
        CredentialsVerifier.Verification check = credentials.verify(file);
        if (check.credentials() != null && check.credentials().restoreOnly()) {
            // signed by this console (the signature held), whatever else: its purpose alone decides
            return Decision.refuse(Reason.RESTORE_ONLY_CREDENTIALS, RESTORE_ONLY_REFUSAL.formatted(
                    check.credentials().vaultName()));
        }
        if (!check.valid()) {
            return Decision.refuse(switch (check.outcome()) {
                case MALFORMED -> Reason.MALFORMED;
                case UNKNOWN_KEY -> Reason.UNKNOWN_KEY;
                case TAMPERED -> Reason.TAMPERED;
                case EXPIRED -> Reason.EXPIRED;
                case REVOKED -> Reason.REVOKED;
                case VALID -> throw new IllegalStateException();
            }, check.reason());
        }
        VaultCredentials vault = check.credentials();
        if (!credentials.secretMatches(vault.credentialId(), vault.enrollmentSecret())) {
            return Decision.refuse(Reason.TAMPERED, "The enrollment secret in the file is not the one this console issued.");
        }
        if (!nonces.use(request.nonce(), request.signedAt().plus(MAX_SKEW).plus(MAX_SKEW), now)) {
            return Decision.refuse(Reason.REPLAYED, "This registration request was already used. Run the registration again.");
        }
        return switch (fleet.enroll(vault.vaultId(), request.hostName().trim(), request.osName(), request.osVersion(),
                request.agentVersion(), request.publicKey())) {
            case FleetService.Enrolled enrolled -> new Decision(new EnrollmentResult(enrolled.server().id(),
                    enrolled.server().name(), vault.vaultId(), vault.vaultName(), enrolled.reattached()), null);
            case FleetService.NameTaken taken -> Decision.refuse(Reason.NAME_TAKEN, "A server named '"
                    + request.hostName().trim() + "' is already registered in vault '" + vault.vaultName() + "'. If it"
                    + " was reinstalled, an owner can allow its re-registration in the console (Registered servers >"
                    + " the server > Allow re-registration); otherwise unregister the old server first.");
        };
    }

    /**
     * Each field against what the console can keep (the column sizes of {@code registered_server} and
     * {@code enrollment_nonce}) and the time against what an {@link Instant} can hold, so nothing a caller sends
     * reaches the database or the clock arithmetic unchecked.
     */
    static String fieldProblem(EnrollmentRequest request) {
        if (request.time() < Instant.MIN.getEpochSecond() || request.time() > Instant.MAX.getEpochSecond()) {
            return "The registration request's time " + request.time() + " is not a possible time (epoch seconds).";
        }
        String tooLong = tooLong("osName", request.osName(), 128);
        tooLong = tooLong != null ? tooLong : tooLong("osVersion", request.osVersion(), 128);
        tooLong = tooLong != null ? tooLong : tooLong("agentVersion", request.agentVersion(), 64);
        tooLong = tooLong != null ? tooLong : tooLong("publicKey", request.publicKey(), 128);
        tooLong = tooLong != null ? tooLong : tooLong("nonce", request.nonce(), 64);
        tooLong = tooLong != null ? tooLong : tooLong("signature", request.signature(), 256);
        return tooLong;
    }

    /** Too long, or not text the console can store and show (a control character, a lone UTF-16 surrogate). */
    private static String tooLong(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            return "The registration request's " + field + " is longer than " + max + " characters.";
        }
        if (!LogSafe.wellFormed(value) || value.chars().anyMatch(Character::isISOControl)) {
            return "The registration request's " + field + " holds a control character or invalid Unicode.";
        }
        return null;
    }

    static String hostNameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "The server name is missing.";
        }
        String trimmed = name.trim();
        if (trimmed.length() > 255) {
            return "The server name is longer than 255 characters.";
        }
        if (!trimmed.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return "The server name '" + (trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" : trimmed)
                    + "' may contain only letters, digits, dots, hyphens and underscores, starting with a letter or digit.";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
