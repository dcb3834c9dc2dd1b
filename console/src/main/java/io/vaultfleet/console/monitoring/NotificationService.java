package io.vaultfleet.console.monitoring;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.storage.SecretBox;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Who is told about alerts, and how: per-vault e-mail recipients (each alert, or a daily digest) and a signed
 * webhook; the console's SMTP server. Secrets are sealed before they are stored and never returned.
 */
@Service
public class NotificationService {
    static final int MIN_SECRET_LENGTH = 16;
    private final NotificationSettingsRepository settings;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final Clock clock;
    private final MonitoringProperties properties;

    NotificationService(NotificationSettingsRepository settings, SecretBox secrets, AuditLog audit, Clock clock,
                        MonitoringProperties properties) {
        this.properties = properties;
        this.settings = settings;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize("hasRole('READER')")
    @Transactional(readOnly = true)
    public NotificationSettings forVault(UUID vaultId) {
        return settings.forVault(vaultId);
    }

    /**
     * Saves a vault's notification settings. {@code newWebhookSecret}: null or blank keeps the stored secret (forms
     * never show it back); a new one must be at least 16 characters. An empty URL removes the webhook and its secret.
     */
    @PreAuthorize("hasRole('CONTRIBUTOR')")
    @Transactional
    public NotificationSettings saveForVault(UUID vaultId, String recipients, boolean dailyDigest, String webhookUrl,
                                             String newWebhookSecret) {
        Map<String, String> problems = new LinkedHashMap<>();
        List<String> emails = parseRecipients(recipients, problems);
        String url = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.trim();
        if (url != null) {
            checkWebhookUrl(url, problems, properties.webhookAllowLoopback());
        }
        boolean newSecret = newWebhookSecret != null && !newWebhookSecret.isBlank();
        boolean hadSecret = settings.sealedWebhookSecret(vaultId).isPresent();
        if (newSecret && newWebhookSecret.length() < MIN_SECRET_LENGTH) {
            problems.put("webhookSecret", "The webhook secret must have at least " + MIN_SECRET_LENGTH + " characters.");
        }
        if (url != null && !newSecret && !hadSecret) {
            problems.put("webhookSecret", "A webhook needs a shared secret: receivers check each call's signature with it.");
        }
        if (dailyDigest && emails.isEmpty()) {
            problems.put("recipients", "A daily digest needs at least one recipient.");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        boolean keep = url != null && !newSecret;
        String sealed = url == null ? null : newSecret ? secrets.seal(newWebhookSecret) : null;
        settings.save(vaultId, emails, dailyDigest, url, sealed, keep, AuditLog.currentActor(), clock.instant());
        audit.record("monitoring.notifications.save", "vault:" + vaultId, AuditLog.Outcome.SUCCESS,
                emails.size() + " recipient(s)" + (dailyDigest ? ", daily digest" : "")
                        + (url == null ? ", no webhook" : ", webhook " + URI.create(url).getHost()
                        + (newSecret ? " with a new secret" : "")));
        return settings.forVault(vaultId);
    }

    @PreAuthorize("hasRole('READER')")
    @Transactional(readOnly = true)
    public Optional<SmtpSettings> smtp() {
        return settings.smtp().map(NotificationSettingsRepository.StoredSmtp::settings);
    }

    /** Saves the mail server. {@code newPassword}: null or blank keeps the stored one. Owners only. */
    @PreAuthorize("hasRole('OWNER')")
    @Transactional
    public SmtpSettings saveSmtp(String host, int port, SmtpSettings.Security security, String username,
                                 String newPassword, String fromAddress) {
        Map<String, String> problems = new LinkedHashMap<>();
        String h = host == null ? "" : host.trim();
        if (h.isEmpty() || !h.matches("[A-Za-z0-9.\\-\\[\\]:]{1,255}")) {
            problems.put("host", "Enter the mail server's host name or IP address.");
        }
        if (port < 1 || port > 65535) {
            problems.put("port", "The port must be between 1 and 65535.");
        }
        if (security == null) {
            problems.put("security", "Choose how the connection is protected.");
        }
        String from = fromAddress == null ? "" : fromAddress.trim();
        if (!validEmail(from)) {
            problems.put("from", "Enter the sender address, e.g. backup-alerts@example.com.");
        }
        String user = username == null || username.isBlank() ? null : username.trim();
        boolean newPw = newPassword != null && !newPassword.isEmpty();
        if (newPw && user == null) {
            problems.put("username", "A password needs a user name.");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        boolean keep = user != null && !newPw;
        String sealed = user == null ? null : newPw ? secrets.seal(newPassword) : null;
        SmtpSettings saved = new SmtpSettings(h, port, security, user, false, from);
        settings.saveSmtp(saved, sealed, keep, AuditLog.currentActor(), clock.instant());
        audit.record("monitoring.smtp.save", "smtp", AuditLog.Outcome.SUCCESS,
                h + ":" + port + " " + security + (newPw ? ", new password" : ""));
        return smtp().orElseThrow();
    }

    private static List<String> parseRecipients(String text, Map<String, String> problems) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        LinkedHashSet<String> emails = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String part : text.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            if (validEmail(part)) {
                emails.add(part.toLowerCase(Locale.ROOT));
            } else {
                bad.add(part);
            }
        }
        if (!bad.isEmpty()) {
            problems.put("recipients", "Not an e-mail address: " + String.join(", ", bad) + ".");
        } else if (emails.size() > 50) {
            problems.put("recipients", "At most 50 recipients per vault.");
        }
        return List.copyOf(emails);
    }

    static boolean validEmail(String text) {
        if (text.isEmpty() || text.length() > 254 || !text.contains("@")) {
            return false;
        }
        try {
            new InternetAddress(text, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    private static void checkWebhookUrl(String url, Map<String, String> problems, boolean loopbackAllowed) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null) {
                problems.put("webhookUrl", "The webhook URL must be an absolute http:// or https:// address.");
            } else if (uri.getUserInfo() != null) {
                problems.put("webhookUrl", "Put no user name or password in the webhook URL: calls are signed instead.");
            } else if (url.length() > 2000) {
                problems.put("webhookUrl", "The webhook URL is longer than 2000 characters.");
            } else {
                WebhookTargets.refusal(url, loopbackAllowed).ifPresent(why -> problems.put("webhookUrl",
                        "Not allowed: " + why + "."));
            }
        } catch (URISyntaxException e) {
            problems.put("webhookUrl", "The webhook URL is not valid: " + e.getReason() + ".");
        }
    }
}
