package io.vaultfleet.console.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Console-wide settings ({@code vaultfleet.*}).
 *
 * @param dataDir    where the console keeps its H2 database, keys and generated files
 * @param publicUrl  the address agents and browsers use to reach this console; empty means "derive from the request"
 */
@ConfigurationProperties("vaultfleet")
public record ConsoleProperties(Path dataDir, String publicUrl) {
    public ConsoleProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        publicUrl = publicUrl == null ? "" : publicUrl;
    }
}
