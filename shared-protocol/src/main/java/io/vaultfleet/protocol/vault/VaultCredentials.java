package io.vaultfleet.protocol.vault;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a vault credentials file says: which console to enroll with (URL and the TLS certificate to pin), which vault
 * the server joins, and the one-time enrollment secret that proves the file came from that console. The console
 * keeps only a hash of the secret. The file is signed (see {@link CredentialsSigner}) and short-lived.
 *
 * @param credentialId               identifies this issue of the file, so the console can revoke it
 * @param consoleCertificateSha256   lower-case hex SHA-256 of the console's TLS certificate (DER) to pin; empty when
 *                                   the console is served over plain HTTP (development only; agents refuse it
 *                                   unless told otherwise)
 * @param storageLocation            the name of the storage location the vault keeps its backups in
 */
public record VaultCredentials(UUID credentialId, UUID vaultId, String vaultName, UUID subscriptionId,
                               String subscriptionName, String resourceGroup, String storageLocation, URI consoleUrl,
                               String consoleCertificateSha256, String enrollmentSecret, Instant issuedAt,
                               Instant expiresAt) {
    /** The version of the payload this build writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** How long a file is valid unless the console is configured otherwise (Azure Backup's vault credentials: 10 days). */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(10);

    public VaultCredentials {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(vaultId, "vaultId");
        VaultName.of(vaultName);
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        requireText(subscriptionName, "subscriptionName");
        requireText(resourceGroup, "resourceGroup");
        requireText(storageLocation, "storageLocation");
        Objects.requireNonNull(consoleUrl, "consoleUrl");
        if (!consoleUrl.isAbsolute() || !("https".equals(consoleUrl.getScheme()) || "http".equals(consoleUrl.getScheme()))) {
            throw new IllegalArgumentException("consoleUrl must be an absolute http(s) URL");
        }
        consoleCertificateSha256 = consoleCertificateSha256 == null ? "" : consoleCertificateSha256;
        if (!consoleCertificateSha256.isEmpty() && !consoleCertificateSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("consoleCertificateSha256 must be 64 lower-case hex digits");
        }
        if (enrollmentSecret == null || enrollmentSecret.length() < 32) {
            throw new IllegalArgumentException("enrollmentSecret must have at least 32 characters");
        }
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
    }

    /** Whether the file is past its expiry at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
