package io.vaultfleet.console.downloads;

import java.time.Duration;
import java.util.Locale;

import io.vaultfleet.protocol.vault.VaultCredentials;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vaultfleet.credentials.*}.
 *
 * @param validity                 how long a vault credentials file is valid (default 10 days, as in Azure Backup)
 * @param consoleCertificateSha256 hex SHA-256 of the console's TLS certificate, written into credentials files for
 *                                 agents to pin; empty when the console is served over plain HTTP
 */
@ConfigurationProperties("vaultfleet.credentials")
public record CredentialsProperties(Duration validity, String consoleCertificateSha256) {
    public CredentialsProperties {
        validity = validity == null ? VaultCredentials.DEFAULT_VALIDITY : validity;
        if (validity.isNegative() || validity.isZero() || validity.compareTo(Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("vaultfleet.credentials.validity must be between 1 second and 90 days");
        }
        consoleCertificateSha256 = consoleCertificateSha256 == null ? ""
                : consoleCertificateSha256.replace(":", "").trim().toLowerCase(Locale.ROOT);
    }
}
