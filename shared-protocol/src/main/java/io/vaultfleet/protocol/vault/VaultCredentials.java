package io.vaultfleet.protocol.vault;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * @param storageLocation            the name of the storage location the vault keeps its backups in (for a
 *                                   restore-only file: the secondary location the copies are read from)
 * @param enrollmentSecret           the one-time secret registration needs; empty in a restore-only file, which
 *                                   cannot register anything
 * @param purpose                    registration (the Prepare infrastructure file) or restore-only (the
 *                                   secondary-region file of Cross Region Restore)
 * @param restoreSources             for a restore-only file, each server's copy on the secondary with its read-only
 *                                   access; empty for a registration file
 */
public record VaultCredentials(UUID credentialId, UUID vaultId, String vaultName, UUID subscriptionId,
                               String subscriptionName, String resourceGroup, String storageLocation, URI consoleUrl,
                               String consoleCertificateSha256, String enrollmentSecret, Instant issuedAt,
                               Instant expiresAt, CredentialsPurpose purpose, List<RestoreSource> restoreSources) {
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
        Objects.requireNonNull(purpose, "purpose");
        restoreSources = restoreSources == null ? List.of() : List.copyOf(restoreSources);
        if (purpose == CredentialsPurpose.REGISTRATION) {
            if (enrollmentSecret == null || enrollmentSecret.length() < 32) {
                throw new IllegalArgumentException("enrollmentSecret must have at least 32 characters");
            }
            if (!restoreSources.isEmpty()) {
                throw new IllegalArgumentException("a registration file carries no restore sources");
            }
        } else {
            if (enrollmentSecret != null && !enrollmentSecret.isEmpty()) {
                throw new IllegalArgumentException("a restore-only file carries no enrollment secret");
            }
            enrollmentSecret = "";
            if (restoreSources.isEmpty()) {
                throw new IllegalArgumentException("a restore-only file names at least one server's copy");
            }
        }
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
    }

    /** A registration file (the Prepare infrastructure download). */
    public VaultCredentials(UUID credentialId, UUID vaultId, String vaultName, UUID subscriptionId,
                            String subscriptionName, String resourceGroup, String storageLocation, URI consoleUrl,
                            String consoleCertificateSha256, String enrollmentSecret, Instant issuedAt,
                            Instant expiresAt) {
        this(credentialId, vaultId, vaultName, subscriptionId, subscriptionName, resourceGroup, storageLocation,
                consoleUrl, consoleCertificateSha256, enrollmentSecret, issuedAt, expiresAt,
                CredentialsPurpose.REGISTRATION, List.of());
    }

    /** Whether the file may only restore (never register a server). */
    public boolean restoreOnly() {
        return purpose == CredentialsPurpose.RESTORE_ONLY;
    }

    /** The secret stays out of logs and exception messages; the SAS tokens too (see {@link RestoreSource}). */
    @Override
    public String toString() {
        return "VaultCredentials[" + purpose.wire() + " " + credentialId + ", vault " + vaultName + " (" + vaultId
                + "), console " + consoleUrl + ", expires " + expiresAt + ", " + restoreSources + "]";
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
