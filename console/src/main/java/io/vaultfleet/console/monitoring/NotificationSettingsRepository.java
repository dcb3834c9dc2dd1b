package io.vaultfleet.console.monitoring;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.platform.Timestamps;

/** Notification settings per vault and the SMTP server; secrets are stored sealed and read only to send. */
@Repository
class NotificationSettingsRepository {
    private final JdbcClient jdbc;

    NotificationSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    NotificationSettings forVault(UUID vaultId) {
        return jdbc.sql("select * from alert_notification_setting where vault_id = :v").param("v", vaultId)
                .query((rs, n) -> new NotificationSettings(vaultId, split(rs.getString("email_recipients")),
                        rs.getBoolean("daily_digest"), rs.getString("webhook_url"),
                        rs.getString("webhook_secret_sealed") != null))
                .optional().orElse(NotificationSettings.none(vaultId));
    }

    Optional<String> sealedWebhookSecret(UUID vaultId) {
        return jdbc.sql("select webhook_secret_sealed from alert_notification_setting where vault_id = :v")
                .param("v", vaultId).query(String.class).optional();
    }

    void save(UUID vaultId, List<String> recipients, boolean digest, String webhookUrl, String sealedSecret,
              boolean keepSecret, String by, Instant now) {
        boolean exists = jdbc.sql("select count(*) from alert_notification_setting where vault_id = :v")
                .param("v", vaultId).query(Long.class).single() > 0;
        String emails = recipients.isEmpty() ? null : String.join(",", recipients);
        if (!exists) {
            jdbc.sql("""
                    insert into alert_notification_setting (vault_id, email_recipients, daily_digest, last_digest_at,
                        webhook_url, webhook_secret_sealed, updated_at, updated_by)
                    values (:v, :e, :d, :now, :u, :s, :now, :by)""")
                    .param("v", vaultId).param("e", emails).param("d", digest).param("u", webhookUrl)
                    .param("s", sealedSecret).param("now", Timestamps.toDb(now)).param("by", by).update();
            return;
        }
        jdbc.sql("update alert_notification_setting set email_recipients = :e, daily_digest = :d, webhook_url = :u,"
                        + (keepSecret ? "" : " webhook_secret_sealed = :s,")
                        + " last_digest_at = coalesce(last_digest_at, :now), updated_at = :now, updated_by = :by"
                        + " where vault_id = :v")
                .param("v", vaultId).param("e", emails).param("d", digest).param("u", webhookUrl)
                .params(keepSecret ? Map.of() : Collections.singletonMap("s", sealedSecret))
                .param("now", Timestamps.toDb(now)).param("by", by).update();
    }

    /** Vaults whose recipients get a daily digest: vault id and when the last digest was sent. */
    List<DigestDue> digestVaults() {
        return jdbc.sql("""
                select vault_id, last_digest_at from alert_notification_setting
                where daily_digest and email_recipients is not null""")
                .query((rs, n) -> new DigestDue(rs.getObject("vault_id", UUID.class),
                        Timestamps.fromDb(rs, "last_digest_at")))
                .list();
    }

    record DigestDue(UUID vaultId, Instant lastDigestAt) {
    }

    /** Claims a digest period: only one node sends it. */
    boolean claimDigest(UUID vaultId, Instant previous, Instant now) {
        return jdbc.sql("update alert_notification_setting set last_digest_at = :now"
                        + " where vault_id = :v and last_digest_at = :prev")
                .param("v", vaultId).param("prev", Timestamps.toDb(previous)).param("now", Timestamps.toDb(now))
                .update() > 0;
    }

    Optional<StoredSmtp> smtp() {
        return jdbc.sql("select * from smtp_setting where id = 1")
                .query((rs, n) -> new StoredSmtp(new SmtpSettings(rs.getString("host"), rs.getInt("port"),
                        SmtpSettings.Security.valueOf(rs.getString("security")), rs.getString("username"),
                        rs.getString("password_sealed") != null, rs.getString("from_address")),
                        rs.getString("password_sealed")))
                .optional();
    }

    record StoredSmtp(SmtpSettings settings, String sealedPassword) {
    }

    void saveSmtp(SmtpSettings s, String sealedPassword, boolean keepPassword, String by, Instant now) {
        boolean exists = smtp().isPresent();
        if (!exists) {
            jdbc.sql("""
                    insert into smtp_setting (id, host, port, security, username, password_sealed, from_address,
                        updated_at, updated_by)
                    values (1, :h, :p, :sec, :u, :pw, :f, :now, :by)""")
                    .param("h", s.host()).param("p", s.port()).param("sec", s.security().name())
                    .param("u", s.username()).param("pw", sealedPassword).param("f", s.fromAddress())
                    .param("now", Timestamps.toDb(now)).param("by", by).update();
            return;
        }
        jdbc.sql("update smtp_setting set host = :h, port = :p, security = :sec, username = :u, from_address = :f,"
                        + (keepPassword ? "" : " password_sealed = :pw,") + " updated_at = :now, updated_by = :by"
                        + " where id = 1")
                .param("h", s.host()).param("p", s.port()).param("sec", s.security().name())
                .param("u", s.username()).param("f", s.fromAddress())
                .params(keepPassword ? Map.of() : Collections.singletonMap("pw", sealedPassword))
                .param("now", Timestamps.toDb(now)).param("by", by).update();
    }

    private static List<String> split(String emails) {
        if (emails == null || emails.isBlank()) {
            return List.of();
        }
        return Arrays.stream(emails.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
    }
}
