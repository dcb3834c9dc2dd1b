package io.vaultfleet.console.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.vaultfleet.console.fleet.ServerListChanged;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.ui.ConsoleNotice;
import io.vaultfleet.console.ui.LiveUpdates;

/**
 * Raises, acknowledges and resolves alerts. Rules call {@link #raise} and {@link #clear}; each runs in a transaction
 * of its own, so an alert never rolls back what caused it, and one cause has at most one open alert even when two
 * nodes see it at once (the unique open key decides; the loser counts an occurrence instead).
 */
@Service
public class AlertService {
    static final String SYSTEM = "system";
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);

    private final AlertRepository alerts;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate own;
    private final LiveUpdates<AlertChanged> updates = new LiveUpdates<>(AlertChanged::vaultId);
    private final AccessControl access;

    AlertService(AlertRepository alerts, ApplicationEventPublisher events, AuditLog audit, Clock clock,
                 PlatformTransactionManager transactions, AccessControl access) {
        this.access = access;
        this.alerts = alerts;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Raises an alert for {@code cause}, or counts another occurrence of the open one. Returns the alert's id. */
    UUID raise(AlertCause cause) {
        try {
            return own.execute(tx -> raiseOnce(cause));
        } catch (DuplicateKeyException raced) {
            // another node or thread raised it between our look and our insert: count ours as an occurrence
            return own.execute(tx -> raiseOnce(cause));
        }
    }

    private UUID raiseOnce(AlertCause cause) {
        Instant now = clock.instant();
        Optional<Alert> open = alerts.findOpen(cause.key());
        if (open.isPresent()) {
            alerts.repeat(open.get().id(), cause.detail(), now);
            events.publishEvent(new AlertChanged(open.get().id(), cause.vaultId(), cause.serverId(), cause.rule(),
                    open.get().state(), AlertChanged.Change.REPEATED));
            return open.get().id();
        }
        UUID id = UUID.randomUUID();
        alerts.insert(id, cause, now);
        log.info("alert raised: {} ({})", cause.title(), cause.key());
        events.publishEvent(new AlertChanged(id, cause.vaultId(), cause.serverId(), cause.rule(), AlertState.ACTIVE,
                AlertChanged.Change.RAISED));
        events.publishEvent(new ConsoleNotice(cause.rule().severity() == AlertSeverity.CRITICAL
                ? ConsoleNotice.Level.ERROR : ConsoleNotice.Level.WARNING, "Alert: " + cause.title(), cause.detail(), now,
                cause.vaultId()));
        return id;
    }

    /** The cause cleared: resolves its open alert, if any. Returns whether one was resolved. */
    boolean clear(AlertRule rule, UUID vaultId, UUID serverId, String why) {
        return Boolean.TRUE.equals(own.execute(tx -> {
            Optional<Alert> open = alerts.findOpen(AlertCause.key(rule, vaultId, serverId));
            return open.isPresent() && resolve(open.get(), SYSTEM, why);
        }));
    }

    /** Resolves an alert found open (inside the caller's transaction). */
    boolean resolve(Alert alert, String by, String why) {
        Instant now = clock.instant();
        if (!alerts.resolve(alert.id(), by, why, now)) {
            return false;
        }
        log.info("alert resolved: {} ({})", alert.title(), why);
        events.publishEvent(new AlertChanged(alert.id(), alert.vaultId(), alert.serverId(), alert.rule(),
                AlertState.RESOLVED, AlertChanged.Change.RESOLVED));
        events.publishEvent(new ConsoleNotice(ConsoleNotice.Level.SUCCESS, "Resolved: " + alert.title(), why, now,
                alert.vaultId()));
        return true;
    }

    /** Someone has seen the alert and is on it; it stays open until its cause clears. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public Alert acknowledge(UUID alertId) {
        Alert alert = alerts.find(alertId).orElseThrow(() -> new IllegalArgumentException("No such alert."));
        access.requireAtVault(Role.OPERATOR, alert.vaultId(), "alert.acknowledge");
        if (alert.state() != AlertState.ACTIVE) {
            throw new IllegalArgumentException("Only an active alert can be acknowledged; this one is "
                    + alert.state().label().toLowerCase() + ".");
        }
        String me = AuditLog.currentActor();
        if (alerts.acknowledge(alertId, me, clock.instant())) {
            audit.record("alert.acknowledge", "alert:" + alertId, AuditLog.Outcome.SUCCESS, alert.title());
            events.publishEvent(new AlertChanged(alertId, alert.vaultId(), alert.serverId(), alert.rule(),
                    AlertState.ACKNOWLEDGED, AlertChanged.Change.ACKNOWLEDGED));
        }
        return alerts.find(alertId).orElseThrow();
    }

    // Alerts belong to their vault: lists and counts hold only alerts of vaults the user may read (filtered in the
    // query); an alert of no vault is console-wide.

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<Alert> list(AlertQuery query, int offset, int limit) {
        return alerts.page(query, access.reach(Role.READER), Math.max(0, offset), Math.max(1, Math.min(limit, 500)));
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public long count(AlertQuery query) {
        return alerts.count(query, access.reach(Role.READER));
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Optional<Alert> find(UUID id) {
        Optional<Alert> alert = alerts.find(id);
        alert.ifPresent(a -> access.requireAtVault(Role.READER, a.vaultId(), "alert.read"));
        return alert;
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Map<AlertSeverity, Long> openBySeverity() {
        return alerts.openBySeverity(access.reach(Role.READER));
    }

    /** Open alerts per rule, in one vault or (null) every vault the user may read. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Map<AlertRule, Long> openByRule(UUID vaultId) {
        if (vaultId != null) {
            access.requireAtVault(Role.READER, vaultId, "alert.read");
        }
        return alerts.openByRule(vaultId, access.reach(Role.READER));
    }

    /** Whether the signed-in user is a Backup operator at some vault (views offer Acknowledge only then). */
    public boolean mayAcknowledgeSomewhere() {
        return !access.reach(Role.OPERATOR).nothing();
    }

    /** Whether the signed-in user may acknowledge the alert (Backup operator at its vault), for views. */
    public boolean mayAcknowledge(Alert alert) {
        return access.allowsAtVault(Role.OPERATOR, alert.vaultId());
    }

    /** Alert changes, delivered inside the subscribing view's UI lock. */
    public LiveUpdates<AlertChanged> updates() {
        return updates;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void forward(AlertChanged change) {
        updates.publish(change);
    }

    /** The servers list shows each server's open alerts: tell it when they change. */
    @EventListener
    void tellServersList(AlertChanged change) {
        if (change.serverId() != null && change.change() != AlertChanged.Change.REPEATED) {
            events.publishEvent(new ServerListChanged(change.serverId()));
        }
    }
}
