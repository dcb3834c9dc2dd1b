package io.vaultfleet.console.downloads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /downloads/VaultFleet.psm1}: the PowerShell module for the REST API, for signed-in users (the console's
 * filter chain); the same file is in the agent package. Windows line endings, as in the package.
 */
@RestController
class PowerShellModuleEndpoint {
    static final String PATH = "/downloads/VaultFleet.psm1";

    @GetMapping(PATH)
    ResponseEntity<byte[]> download() throws IOException {
        byte[] module;
        try (InputStream in = getClass().getResourceAsStream("/agent-package/packaging/windows/VaultFleet.psm1")) {
            if (in == null) {
                throw new IOException("the console was built without VaultFleet.psm1");
            }
            module = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"VaultFleet.psm1\"")
                .body(module);
    }
}
