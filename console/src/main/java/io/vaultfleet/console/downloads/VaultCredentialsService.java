package io.vaultfleet.console.downloads;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.ConsoleAddress;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.protocol.vault.CredentialsPurpose;
import io.vaultfleet.protocol.vault.RestoreSource;
import io.vaultfleet.protocol.vault.VaultCredentials;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues vault credentials files: a fresh 256-bit enrollment secret each time (only its SHA-256 is stored), signed
 * with the console's key, valid for {@code vaultfleet.credentials.validity}. Needs Contributor on the vault.
 */
@Service
@EnableConfigurationProperties(CredentialsProperties.class)
@PreAuthorize("isAuthenticated()")
public class VaultCredentialsService {
    public static final String CONTENT_TYPE = "application/vnd.vaultfleet.vault-credentials+json";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final VaultService vaults;
    private final AccessControl access;
    private final CredentialRepository credentials;
    private final ConsoleSigningKey key;
    private final ConsoleCertificate certificate;
    private final CredentialsProperties properties;
    private final ConsoleAddress address;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    VaultCredentialsService(VaultService vaults, AccessControl access, CredentialRepository credentials,
                            ConsoleSigningKey key, ConsoleCertificate certificate, CredentialsProperties properties,
                            ConsoleAddress address, AuditLog audit, Clock clock) {
        this.certificate = certificate;
        this.vaults = vaults;
        this.access = access;
        this.credentials = credentials;
        this.key = key;
        this.properties = properties;
        this.address = address;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A new credentials file for the vault, naming the console by {@link ConsoleAddress}: {@code vaultfleet.public-url},
     * or {@code requestBaseUrl} (scheme://host:port of the browser's request) when it is not set and the host is an
     * allowed one. With {@code revokeOlder}, files issued before stop working.
     */
    @Transactional
    public DownloadedFile issue(UUID vaultId, String requestBaseUrl, boolean revokeOlder) {
        Vault vault = vaults.get(vaultId);
        access.require(Role.CONTRIBUTOR, vault.path(), "vault.credentials.download");
        URI consoleUrl = consoleUrl(requestBaseUrl);
        Instant now = clock.instant();
        int revoked = revokeOlder ? credentials.revokeActive(vaultId, now) : 0;
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        VaultCredentials content = new VaultCredentials(UUID.randomUUID(), vault.id(), vault.name(),
                vault.subscriptionId(), vault.subscriptionName(), vault.resourceGroupName(), vault.locationName(),
                consoleUrl, certificate.sha256(), secret, now,
                now.plus(properties.validity()));
        credentials.insert(content.credentialId(), vaultId, hash(secret), key.keyId(), now, content.expiresAt(),
                AuditLog.currentActor());
        byte[] file = key.signer().sign(content);
        audit.record("vault.credentials.download", "vault:" + vaultId, AuditLog.Outcome.SUCCESS,
                "credential " + content.credentialId() + ", expires " + content.expiresAt()
                        + (revokeOlder ? ", revoked " + revoked + " older" : ""));
        return new DownloadedFile(fileName(vault, now), CONTENT_TYPE, file);
    }

    /**
     * A restore-only (secondary-region) credentials file for the vault: signed and expiring like a registration file
     * (same key, same validity), but typed {@link CredentialsPurpose#RESTORE_ONLY}, without an enrollment secret (so
     * nothing is stored for it: it cannot register a server, and enrollment refuses it by its purpose), and carrying
     * {@code sources}, each server's read-only access to its copy at {@code secondaryLocation}, valid until
     * {@code expiresAt} (see {@link #restoreOnlyExpiry()}). Contributors of the vault, as for the registration file;
     * the caller (Cross Region Restore) decides whether the vault may have one. Audited.
     */
    @Transactional
    public DownloadedFile issueRestoreOnly(UUID vaultId, String requestBaseUrl, String secondaryLocation,
                                           List<RestoreSource> sources, Instant expiresAt) {
        Vault vault = vaults.get(vaultId);
        access.require(Role.CONTRIBUTOR, vault.path(), "vault.restore-credentials.download");
        URI consoleUrl = consoleUrl(requestBaseUrl);
        Instant now = clock.instant();
        VaultCredentials content = new VaultCredentials(UUID.randomUUID(), vault.id(), vault.name(),
                vault.subscriptionId(), vault.subscriptionName(), vault.resourceGroupName(), secondaryLocation,
                consoleUrl, certificate.sha256(), "", now, expiresAt, CredentialsPurpose.RESTORE_ONLY, sources);
        byte[] file = key.signer().sign(content);
        audit.record("vault.restore-credentials.download", "vault:" + vaultId, AuditLog.Outcome.SUCCESS,
                "restore-only credential " + content.credentialId() + " for " + sources.size()
                        + " server(s) on the secondary '" + secondaryLocation + "', read and list only, expires "
                        + expiresAt);
        return new DownloadedFile(vault.name() + "_" + DATE.format(now) + "_SecondaryRegion.VaultCredentials",
                CONTENT_TYPE, file);
    }

    /** When a restore-only file issued now expires: the same validity as a registration file. */
    public Instant restoreOnlyExpiry() {
        return clock.instant().plus(properties.validity());
    }

    /** {@code <vault>_<yyyy-MM-dd>.VaultCredentials}, as the portal names them. */
    static String fileName(Vault vault, Instant at) {
        return vault.name() + "_" + DATE.format(at) + ".VaultCredentials";
    }

    /** How many files for the vault are neither expired nor revoked. */
    public long activeCount(UUID vaultId) {
        vaults.get(vaultId);
        return credentials.countActive(vaultId, clock.instant());
    }

    public Duration validity() {
        return properties.validity();
    }

    private URI consoleUrl(String requestBaseUrl) {
        return address.forDownload(requestBaseUrl);
    }

    static String hash(String secret) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
