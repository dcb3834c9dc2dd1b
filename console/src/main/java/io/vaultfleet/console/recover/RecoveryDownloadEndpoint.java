package io.vaultfleet.console.recover;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.vaultfleet.console.fleet.AgentAuthentication;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.identity.ConnectProof;

/**
 * The two ends of a download from a recovery point: the browser's {@code GET /recover/downloads/<id>} (signed-in
 * user who asked for it, Backup operator at the vault) and the target agent's {@code PUT /agent/transfers/<id>}
 * (its connect proof). The agent's answer: 204 when the browser received everything, 404 for an unknown, expired or
 * another server's transfer, 410 when the browser went away (or never came).
 */
@RestController
class RecoveryDownloadEndpoint {
    static final String FILE_NAME = "X-VaultFleet-File-Name";
    private static final Logger log = LoggerFactory.getLogger(RecoveryDownloadEndpoint.class);

    private final RecoveryTransfers transfers;
    private final AgentAuthentication authentication;
    private final AccessControl access;
    private final AuditLog audit;

    RecoveryDownloadEndpoint(RecoveryTransfers transfers, AgentAuthentication authentication, AccessControl access,
                             AuditLog audit) {
        this.transfers = transfers;
        this.authentication = authentication;
        this.access = access;
        this.audit = audit;
    }

    @GetMapping("/recover/downloads/{transferId}")
    void download(@PathVariable String transferId, HttpServletResponse response) throws IOException {
        RecoveryTransfers.Transfer t = transfer(transferId);
        if (t == null || !t.actor.equals(AuditLog.currentActor()) || !t.browserClaimed.compareAndSet(false, true)) {
            text(response, HttpServletResponse.SC_NOT_FOUND, "No such download (it expired, or was already fetched).");
            return;
        }
        if (!access.allowsAtVault(Role.OPERATOR, t.vaultId)) {
            audit.record("recover.download", "transfer:" + t.id, AuditLog.Outcome.DENIED, "not a Backup operator");
            text(response, HttpServletResponse.SC_FORBIDDEN, "Downloads need the Backup operator role at the vault.");
            return;
        }
        RecoveryTransfers.Upload upload;
        try {
            upload = transfers.awaitUpload(t);
        } catch (RecoveryException e) {
            text(response, HttpServletResponse.SC_BAD_GATEWAY, e.getMessage());
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(upload.contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(upload.fileName(), StandardCharsets.UTF_8).build().toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        transfers.pipe(t, upload, response.getOutputStream());
    }

    @PutMapping("/agent/transfers/{transferId}")
    void upload(@PathVariable String transferId,
                @RequestHeader(name = ConnectProof.HEADER, required = false) String proof,
                @RequestHeader(name = FILE_NAME, required = false) String encodedName,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        ReportingServer server;
        try {
            server = authentication.provenServer(proof, request.getRemoteAddr(), "recover.transfer");
        } catch (AgentAuthentication.Refused e) {
            text(response, HttpServletResponse.SC_UNAUTHORIZED, e.getMessage());
            return;
        }
        RecoveryTransfers.Transfer t = transfer(transferId);
        if (t == null || !t.serverId.equals(server.id()) || !t.agentClaimed.compareAndSet(false, true)) {
            text(response, HttpServletResponse.SC_NOT_FOUND, "no such transfer for server " + server.name()
                    + " (unknown, expired, or already sent)");
            return;
        }
        String type = request.getContentType() == null ? "" : request.getContentType().split(";")[0].trim();
        if (!type.equals("application/octet-stream") && !type.equals("application/zip")) {
            transfers.failed(t.id, server.name() + " sent the file as " + (type.isEmpty() ? "no type" : type));
            text(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/octet-stream (a file) or application/zip (a folder)");
            return;
        }
        String name = fileName(encodedName);
        if (name == null) {
            transfers.failed(t.id, server.name() + " sent the file without a valid name");
            text(response, HttpServletResponse.SC_BAD_REQUEST, FILE_NAME + " must name the file, percent-encoded UTF-8");
            return;
        }
        RecoveryTransfers.Outcome outcome = transfers.deliver(t,
                new RecoveryTransfers.Upload(request.getInputStream(), type, name));
        log.info("download {} from server {}: {}", t.id, server.name(), outcome);
        switch (outcome) {
            case DELIVERED -> response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            case BROWSER_GONE -> text(response, HttpServletResponse.SC_GONE, "the browser went away; stop sending");
            case AGENT_FAILED -> text(response, HttpServletResponse.SC_BAD_REQUEST, "the body could not be read to its end");
        }
    }

    /** The file's name from its percent-encoded UTF-8 (RFC 3986: a '+' is a plus), or null when unusable. */
    static String fileName(String encoded) {
        if (encoded == null || encoded.isBlank() || encoded.length() > 3 * 1024) {
            return null;
        }
        try {
            String name = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (name.isBlank() || name.contains("/") || name.contains("\\") || name.chars().anyMatch(c -> c < 0x20)) {
                return null;
            }
            return name;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private RecoveryTransfers.Transfer transfer(String id) {
        try {
            return transfers.find(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void text(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(message);
    }
}
