package io.vaultfleet.console.vault;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.vaultfleet.console.fleet.AgentAuthentication;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.protocol.enrollment.StorageGrant;
import io.vaultfleet.protocol.identity.ConnectProof;

/**
 * {@code POST /agent/storage}: a registered server asks where its backups go. The answer is scoped to that server in
 * its vault's storage location (see {@link StorageAccessIssuer}); every grant is audited, never with the token.
 */
@RestController
class AgentStorageEndpoint {
    private static final Logger log = LoggerFactory.getLogger(AgentStorageEndpoint.class);

    private final AgentAuthentication authentication;
    private final VaultRepository vaults;
    private final StorageAccessIssuer issuer;
    private final AuditLog audit;

    AgentStorageEndpoint(AgentAuthentication authentication, VaultRepository vaults, StorageAccessIssuer issuer,
                         AuditLog audit) {
        this.authentication = authentication;
        this.vaults = vaults;
        this.issuer = issuer;
        this.audit = audit;
    }

    @PostMapping("/agent/storage")
    ResponseEntity<?> grant(@RequestHeader(name = ConnectProof.HEADER, required = false) String proof,
                            HttpServletRequest request) {
        ReportingServer server;
        try {
            server = authentication.provenServer(proof, request.getRemoteAddr(), "storage.grant");
        } catch (AgentAuthentication.Refused e) {
            return text(HttpStatus.UNAUTHORIZED, e.getMessage());
        }
        if (server.vaultId() == null) {
            return text(HttpStatus.CONFLICT, "server " + server.name() + " is not registered in a vault");
        }
        Vault vault = vaults.find(server.vaultId()).orElse(null);
        if (vault == null) {
            return text(HttpStatus.CONFLICT, "the vault of server " + server.name() + " no longer exists");
        }
        StorageGrant grant;
        try {
            grant = issuer.issue(vault.locationId(), vault.id(), server.id());
        } catch (RuntimeException e) {
            log.warn("no storage for server {} in vault {}: {}", server.name(), vault.name(), e.getMessage());
            audit.recordAs("server:" + server.id(), "storage.grant", "vault:" + vault.id(), AuditLog.Outcome.FAILED,
                    e.getMessage());
            return text(HttpStatus.SERVICE_UNAVAILABLE, "the console cannot give access to storage location "
                    + vault.locationName() + ": " + e.getMessage());
        }
        audit.recordAs("server:" + server.id(), "storage.grant", "vault:" + vault.id(), AuditLog.Outcome.SUCCESS,
                "location " + vault.locationName() + (grant.expiresAt() == null ? "" : ", until " + grant.expiresAt()));
        return ResponseEntity.ok(grant);
    }

    private static ResponseEntity<String> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message);
    }
}
