package io.vaultfleet.console.monitoring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Monitoring settings ({@code vaultfleet.monitoring.*}).
 *
 * @param offlineAlertAfter      how long an agent may stay offline before it is alerted on (default 1 h)
 * @param missedBackupGrace      how late a scheduled backup may start before it counts as missed (default 1 h)
 * @param recoveryPointMaxAge    servers without a recovery point this recent are flagged on the dashboard (7 days)
 * @param credentialsExpiringWithin credentials files expiring this soon are counted on the dashboard (2 days)
 * @param evaluateInterval       how often the time-based rules run (30 s)
 * @param webhookTimeout         how long a webhook receiver may take to answer (10 s)
 * @param maxDeliveryAttempts    notifications are given up after this many failed attempts (10)
 * @param scrapeToken            bearer token Prometheus presents to {@code /actuator/prometheus}; unset refuses all
 * @param webhookAllowLoopback   whether webhooks may call this console's own host (off: see {@link WebhookTargets})
 */
@ConfigurationProperties("vaultfleet.monitoring")
public record MonitoringProperties(Duration offlineAlertAfter, Duration missedBackupGrace, Duration recoveryPointMaxAge,
                                   Duration credentialsExpiringWithin, Duration evaluateInterval,
                                   Duration webhookTimeout, int maxDeliveryAttempts, String scrapeToken,
                                   boolean webhookAllowLoopback) {
    public MonitoringProperties {
        offlineAlertAfter = offlineAlertAfter == null ? Duration.ofHours(1) : offlineAlertAfter;
        missedBackupGrace = missedBackupGrace == null ? Duration.ofHours(1) : missedBackupGrace;
        recoveryPointMaxAge = recoveryPointMaxAge == null ? Duration.ofDays(7) : recoveryPointMaxAge;
        credentialsExpiringWithin = credentialsExpiringWithin == null ? Duration.ofDays(2) : credentialsExpiringWithin;
        evaluateInterval = evaluateInterval == null ? Duration.ofSeconds(30) : evaluateInterval;
        webhookTimeout = webhookTimeout == null ? Duration.ofSeconds(10) : webhookTimeout;
        maxDeliveryAttempts = maxDeliveryAttempts <= 0 ? 10 : maxDeliveryAttempts;
        scrapeToken = scrapeToken == null || scrapeToken.isBlank() ? null : scrapeToken.trim();
    }
}
