package io.vaultfleet.console.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.platform.Timestamps;

/**
 * Notifications to send, one row per alert, event and channel (so each is sent once), claimed before sending so two
 * dispatchers never send the same one, and retried with backoff until delivered or given up.
 */
@Repository
class NotificationOutbox {
    enum Channel { EMAIL, WEBHOOK }

    enum Event { RAISED, RESOLVED }

    record Pending(UUID id, UUID alertId, Event event, Channel channel, int attempts) {
    }

    private final JdbcClient jdbc;

    NotificationOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a notification unless this alert's event was already queued on that channel. */
    void enqueue(UUID alertId, Event event, Channel channel, Instant now) {
        boolean queued = jdbc.sql("""
                select count(*) from alert_notification where alert_id = :a and event = :e and channel = :c""")
                .param("a", alertId).param("e", event.name()).param("c", channel.name()).query(Long.class).single() > 0;
        if (!queued) {
            jdbc.sql("""
                    insert into alert_notification (id, alert_id, event, channel, created_at, next_attempt_at)
                    values (:id, :a, :e, :c, :now, :now)""")
                    .param("id", UUID.randomUUID()).param("a", alertId).param("e", event.name())
                    .param("c", channel.name()).param("now", Timestamps.toDb(now)).update();
        }
    }

    List<Pending> due(Instant now, int limit) {
        return jdbc.sql("""
                select id, alert_id, event, channel, attempts from alert_notification
                where delivered_at is null and failed_at is null and next_attempt_at <= :now
                  and (claimed_until is null or claimed_until < :now)
                order by next_attempt_at fetch first :l rows only""")
                .param("now", Timestamps.toDb(now)).param("l", limit)
                .query((rs, n) -> new Pending(rs.getObject("id", UUID.class), rs.getObject("alert_id", UUID.class),
                        Event.valueOf(rs.getString("event")), Channel.valueOf(rs.getString("channel")),
                        rs.getInt("attempts")))
                .list();
    }

    /** Takes a notification for sending until {@code until}; false when another dispatcher has it. */
    boolean claim(UUID id, Instant now, Instant until) {
        return jdbc.sql("""
                update alert_notification set claimed_until = :until
                where id = :id and delivered_at is null and failed_at is null
                  and (claimed_until is null or claimed_until < :now)""")
                .param("id", id).param("now", Timestamps.toDb(now)).param("until", Timestamps.toDb(until)).update() > 0;
    }

    void delivered(UUID id, Instant now) {
        jdbc.sql("""
                update alert_notification set delivered_at = :now, attempts = attempts + 1, claimed_until = null,
                    last_error = null where id = :id""")
                .param("id", id).param("now", Timestamps.toDb(now)).update();
    }

    void attemptFailed(UUID id, String error, Instant nextAttempt, boolean giveUp, Instant now) {
        jdbc.sql("""
                update alert_notification set attempts = attempts + 1, claimed_until = null, last_error = :err,
                    next_attempt_at = :next, failed_at = :failed where id = :id""")
                .param("id", id).param("err", error.length() > 500 ? error.substring(0, 500) : error)
                .param("next", Timestamps.toDb(nextAttempt)).param("failed", giveUp ? Timestamps.toDb(now) : null)
                .update();
    }

    /** What happened to an alert's notifications, for the alert's detail and for tests. */
    record Status(Event event, Channel channel, int attempts, Instant nextAttemptAt, Instant deliveredAt,
                  Instant failedAt, String lastError) {
    }

    List<Status> statusOf(UUID alertId) {
        return jdbc.sql("select * from alert_notification where alert_id = :a order by created_at, channel")
                .param("a", alertId)
                .query((rs, n) -> new Status(Event.valueOf(rs.getString("event")),
                        Channel.valueOf(rs.getString("channel")), rs.getInt("attempts"),
                        Timestamps.fromDb(rs, "next_attempt_at"), Timestamps.fromDb(rs, "delivered_at"),
                        Timestamps.fromDb(rs, "failed_at"), rs.getString("last_error")))
                .list();
    }
}
