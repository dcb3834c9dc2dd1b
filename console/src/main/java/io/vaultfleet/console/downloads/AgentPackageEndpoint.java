package io.vaultfleet.console.downloads;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.vaultfleet.console.fleet.AgentAuthentication;
import io.vaultfleet.protocol.identity.ConnectProof;

/**
 * {@code GET /agent/package}: the agent jar an upgrading agent downloads. Only registered agents, proving their key
 * as on the channel; the agent checks the bytes against the signed offer it received.
 */
@RestController
class AgentPackageEndpoint {
    private final AgentRelease release;
    private final AgentAuthentication authentication;

    AgentPackageEndpoint(AgentRelease release, AgentAuthentication authentication) {
        this.release = release;
        this.authentication = authentication;
    }

    @GetMapping("/agent/package")
    ResponseEntity<?> download(@RequestHeader(name = ConnectProof.HEADER, required = false) String proof,
                               HttpServletRequest request) throws IOException {
        try {
            authentication.serverOf(proof, request.getRemoteAddr(), "agent.package.download");
        } catch (AgentAuthentication.Refused e) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.TEXT_PLAIN).body(e.getMessage());
        }
        var pkg = release.current();
        if (pkg.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                    .body("this console has no agent package");
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/java-archive"))
                .header("X-VaultFleet-Agent-Version", pkg.get().version())
                .header("X-VaultFleet-Sha256", pkg.get().sha256())
                .body(pkg.get().bytes());
    }
}
