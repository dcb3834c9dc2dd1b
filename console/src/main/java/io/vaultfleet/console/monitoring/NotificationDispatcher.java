package io.vaultfleet.console.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.vaultfleet.console.storage.SecretBox;
import io.vaultfleet.protocol.retry.ExponentialBackoff;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends alert notifications. A raised or resolved alert queues one notification per channel in the alert's own
 * transaction (so none is lost and none is queued twice); after the commit they are sent at once, and whatever
 * failed is retried with exponential backoff (30 s doubling to 1 h) by the periodic run, up to
 * {@code max-delivery-attempts}. Daily digests go out from the same periodic run.
 */
@Component
class NotificationDispatcher {
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    /** The product's one backoff (decision 024); the count of failures lives in the outbox row. */
    private static final ExponentialBackoff RETRY = new ExponentialBackoff(FIRST_RETRY, LONGEST_RETRY);
    private static final Duration CLAIM = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final NotificationOutbox outbox;
    private final NotificationSettingsRepository settings;
    private final AlertRepository alerts;
    private final AlertMail mail;
    private final WebhookCall webhooks;
    private final SecretBox secrets;
    private final MonitoringProperties properties;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final ExecutorService now = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "alert-notifications");
        t.setDaemon(true);
        return t;
    });

    NotificationDispatcher(NotificationOutbox outbox, NotificationSettingsRepository settings, AlertRepository alerts,
                           AlertMail mail, WebhookCall webhooks, SecretBox secrets, MonitoringProperties properties,
                           Clock clock) {
        this.outbox = outbox;
        this.settings = settings;
        this.alerts = alerts;
        this.mail = mail;
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
    }

    /** Queues the notifications of a raised or resolved alert, inside the transaction that changed it. */
    @EventListener
    void queue(AlertChanged change) {
        NotificationOutbox.Event event = switch (change.change()) {
            case RAISED -> NotificationOutbox.Event.RAISED;
            case RESOLVED -> NotificationOutbox.Event.RESOLVED;
            default -> null;
        };
        if (event == null || change.vaultId() == null) {
            return;
        }
        NotificationSettings vault = settings.forVault(change.vaultId());
        Instant at = clock.instant();
        if (vault.emailsEachAlert()) {
            outbox.enqueue(change.alertId(), event, NotificationOutbox.Channel.EMAIL, at);
        }
        if (vault.hasWebhook()) {
            outbox.enqueue(change.alertId(), event, NotificationOutbox.Channel.WEBHOOK, at);
        }
    }

    /** After the commit, sends what was queued without waiting for the next periodic run. */
    @TransactionalEventListener(fallbackExecution = true)
    void sendSoon(AlertChanged change) {
        if (change.change() == AlertChanged.Change.RAISED || change.change() == AlertChanged.Change.RESOLVED) {
            now.execute(this::deliverQuietly);
        }
    }

    @Scheduled(fixedDelayString = "${vaultfleet.monitoring.delivery-interval:5s}",
            initialDelayString = "${vaultfleet.monitoring.delivery-interval:5s}")
    @SchedulerLock(name = "monitoring.notifications",
            lockAtLeastFor = "${vaultfleet.monitoring.delivery-interval:5s}")
    void periodic() {
        deliverQuietly();
        try {
            sendDigests();
        } catch (RuntimeException e) {
            log.warn("sending daily digests failed; trying again at the next run", e);
        }
    }

    private void deliverQuietly() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("sending alert notifications failed; trying again at the next run", e);
        }
    }

    /** Sends every notification that is due; returns how many were delivered. */
    int deliverDue() {
        int delivered = 0;
        Instant at = clock.instant();
        for (NotificationOutbox.Pending pending : outbox.due(at, 100)) {
            if (!outbox.claim(pending.id(), at, at.plus(CLAIM))) {
                continue; // another node or thread is sending it
            }
            String problem = send(pending, at);
            if (problem == null) {
                outbox.delivered(pending.id(), clock.instant());
                delivered++;
                continue;
            }
            int attempts = pending.attempts() + 1;
            boolean giveUp = attempts >= properties.maxDeliveryAttempts();
            outbox.attemptFailed(pending.id(), problem, at.plus(backoff(attempts)), giveUp, clock.instant());
            log.warn("{} notification of alert {} failed (attempt {}{}): {}", pending.channel(), pending.alertId(),
                    attempts, giveUp ? ", giving up" : "", problem);
        }
        return delivered;
    }

    /** Wait before the next attempt after {@code attempts} failed ones: 30 s, 1 min, 2 min, … up to 1 h. */
    static Duration backoff(int attempts) {
        return RETRY.afterFailures(Math.max(1, attempts));
    }

    private String send(NotificationOutbox.Pending pending, Instant at) {
        Alert alert = alerts.find(pending.alertId()).orElse(null);
        if (alert == null) {
            return "the alert no longer exists";
        }
        NotificationSettings vault = settings.forVault(alert.vaultId());
        try {
            return switch (pending.channel()) {
                case EMAIL -> sendMail(alert, pending.event(), vault.emailRecipients());
                case WEBHOOK -> callWebhook(alert, pending, vault, at);
            };
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + (e.getMessage() == null ? "" : e.getMessage());
        }
    }

    private String sendMail(Alert alert, NotificationOutbox.Event event, List<String> to) {
        var smtp = settings.smtp();
        if (smtp.isEmpty()) {
            return "no SMTP server is configured (Alerts › Notification settings)";
        }
        if (to.isEmpty()) {
            return "the vault has no e-mail recipients any more";
        }
        mail.send(smtp.get(), to, AlertMail.subject(alert, event), AlertMail.body(alert, event));
        return null;
    }

    private String callWebhook(Alert alert, NotificationOutbox.Pending pending, NotificationSettings vault, Instant at) {
        if (!vault.hasWebhook()) {
            return "the vault has no webhook any more";
        }
        String sealed = settings.sealedWebhookSecret(alert.vaultId()).orElse(null);
        if (sealed == null) {
            return "the webhook has no secret";
        }
        String event = pending.event() == NotificationOutbox.Event.RAISED ? "alert.raised" : "alert.resolved";
        byte[] body = json.writeValueAsBytes(payload(alert, event, pending, at));
        return webhooks.post(vault.webhookUrl(), secrets.open(sealed), event, pending.id().toString(), body, at);
    }

    private static Map<String, Object> payload(Alert alert, String event, NotificationOutbox.Pending pending, Instant at) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", alert.id().toString());
        a.put("rule", alert.rule() == null ? null : alert.rule().name());
        a.put("severity", alert.severity().name());
        a.put("state", alert.state().name());
        a.put("title", alert.title());
        a.put("detail", alert.detail());
        a.put("vaultId", alert.vaultId() == null ? null : alert.vaultId().toString());
        a.put("vaultName", alert.vaultName());
        a.put("serverId", alert.serverId() == null ? null : alert.serverId().toString());
        a.put("serverName", alert.serverName());
        a.put("raisedAt", alert.raisedAt().toString());
        a.put("occurrences", alert.occurrences());
        a.put("acknowledgedBy", alert.acknowledgedBy());
        a.put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        a.put("resolvedBy", alert.resolvedBy());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("event", event);
        root.put("deliveryId", pending.id().toString());
        root.put("sentAt", at.toString());
        root.put("alert", a);
        return root;
    }

    /** Sends each digest vault's daily e-mail when a day has passed since the last one. Returns how many were sent. */
    int sendDigests() {
        int sent = 0;
        Instant at = clock.instant();
        for (var due : settings.digestVaults()) {
            if (due.lastDigestAt() != null && at.isBefore(due.lastDigestAt().plus(Duration.ofDays(1)))) {
                continue;
            }
            Instant since = due.lastDigestAt() == null ? at.minus(Duration.ofDays(1)) : due.lastDigestAt();
            if (due.lastDigestAt() == null || !settings.claimDigest(due.vaultId(), due.lastDigestAt(), at)) {
                continue;
            }
            List<Alert> listed = alerts.forDigest(due.vaultId(), since);
            if (listed.isEmpty()) {
                continue;
            }
            var smtp = settings.smtp();
            NotificationSettings vault = settings.forVault(due.vaultId());
            try {
                if (smtp.isEmpty()) {
                    throw new IllegalStateException("no SMTP server is configured");
                }
                mail.send(smtp.get(), vault.emailRecipients(), digestSubject(listed), digestBody(listed, since, at));
                sent++;
            } catch (RuntimeException e) {
                settings.claimDigest(due.vaultId(), at, due.lastDigestAt()); // give the period back: retried next run
                log.warn("daily digest for vault {} not sent: {}", due.vaultId(), e.getMessage());
            }
        }
        return sent;
    }

    private static String digestSubject(List<Alert> listed) {
        long open = listed.stream().filter(Alert::open).count();
        String vault = listed.getFirst().vaultName();
        return "[VaultFleet] Daily alert digest for " + vault + ": " + open + " open, " + listed.size() + " in total";
    }

    private static String digestBody(List<Alert> listed, Instant since, Instant until) {
        StringBuilder text = new StringBuilder("Alerts of vault " + listed.getFirst().vaultName() + " from "
                + AlertMail.WHEN.format(since) + " to " + AlertMail.WHEN.format(until) + ":\n\n");
        for (Alert alert : listed) {
            text.append("- [").append(alert.state().label()).append("] [").append(alert.severity().label()).append("] ")
                    .append(alert.title()).append(" (raised ").append(AlertMail.WHEN.format(alert.raisedAt()));
            if (alert.resolvedAt() != null) {
                text.append(", resolved ").append(AlertMail.WHEN.format(alert.resolvedAt()));
            }
            text.append("): ").append(alert.detail() == null ? "" : alert.detail()).append('\n');
        }
        return text.toString();
    }

    @PreDestroy
    void stop() {
        now.shutdownNow();
    }
}
