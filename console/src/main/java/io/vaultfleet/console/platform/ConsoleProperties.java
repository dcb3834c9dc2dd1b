package io.vaultfleet.console.platform;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Console-wide settings ({@code vaultfleet.*}).
 *
 * @param dataDir      where the console keeps its H2 database, keys and generated files
 * @param publicUrl    the address agents use to reach this console, written into vault credentials files and agent
 *                     packages; empty means "not configured" (see {@link ConsoleAddress})
 * @param allowedHosts without a public URL, the host names a download may take its address from (the browser's
 *                     {@code Host} header is the caller's to choose, so only these are believed); default: this
 *                     machine only
 */
@ConfigurationProperties("vaultfleet")
public record ConsoleProperties(Path dataDir, String publicUrl, List<String> allowedHosts) {
    public ConsoleProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        publicUrl = publicUrl == null ? "" : publicUrl.strip();
        allowedHosts = allowedHosts == null || allowedHosts.isEmpty()
                ? List.of("localhost", "127.0.0.1", "[::1]") : List.copyOf(allowedHosts);
    }
}
