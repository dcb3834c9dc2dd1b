package io.vaultfleet.console.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.vaultfleet.console.platform.LogSafe;
import io.vaultfleet.console.platform.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log: who did what to which thing, when, and whether it was allowed. Every feature writes here; entries
 * are never updated or deleted by the console. Details must never contain secrets.
 */
@Service
public class AuditLog {
    private static final Logger log = LoggerFactory.getLogger("audit");
    private static final int MAX_DETAIL = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final TransactionTemplate callersTransaction;

    AuditLog(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        // a denial or failure is written in a transaction of its own, so it stays recorded when the caller's
        // transaction rolls back (an annotation would not apply: record() calls recordAs() on this object, not
        // through the proxy); a success joins the caller's transaction, so it is recorded only if the action is
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.callersTransaction = new TransactionTemplate(transactions);
        this.callersTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
    }

    public enum Outcome { SUCCESS, DENIED, FAILED }

    public record Entry(long id, Instant at, String actor, String action, String target, Outcome outcome,
                        String detail) {
    }

    /**
     * Records an action by the signed-in user (or {@code system} when there is none); an API request made with an
     * access token is recorded with the token's name beside its user's.
     */
    public void record(String action, String target, Outcome outcome, String detail) {
        recordAs(SecurityContextHolder.getContext().getAuthentication() instanceof ApiTokenAuthentication token
                ? token.actor() : currentActor(), action, target, outcome, detail);
    }

    /**
     * Records an action by a named actor, e.g. an agent ({@code agent:<server>}) or a login attempt. Every text is
     * escaped ({@link LogSafe}): actors, targets and details often carry what a caller sent, and a newline in a host
     * name must not forge an entry or a log line.
     */
    public void recordAs(String actor, String action, String target, Outcome outcome, String detail) {
        String safeActor = truncate(LogSafe.of(actor), 128);
        String safeAction = truncate(LogSafe.of(action), 64);
        String safeTarget = target == null ? null : truncate(LogSafe.of(target), 255);
        String safeDetail = detail == null ? null : LogSafe.of(detail);
        String shortDetail = safeDetail == null ? null
                : safeDetail.length() > MAX_DETAIL ? safeDetail.substring(0, MAX_DETAIL - 1) + "…" : safeDetail;
        (outcome == Outcome.SUCCESS ? callersTransaction : ownTransaction).executeWithoutResult(status -> jdbc.sql("""
                insert into audit_event (at, actor, action, target, outcome, detail)
                values (:at, :actor, :action, :target, :outcome, :detail)""")
                .param("at", Timestamps.toDb(clock.instant()))
                .param("actor", safeActor).param("action", safeAction)
                .param("target", safeTarget).param("outcome", outcome.name()).param("detail", shortDetail)
                .update());
        log.info("{} {} {} {}{}", safeActor, safeAction, safeTarget == null ? "-" : safeTarget, outcome,
                shortDetail == null ? "" : " (" + shortDetail + ")");
    }

    /** The newest entries first. */
    public List<Entry> recent(int limit) {
        return jdbc.sql("select * from audit_event order by id desc fetch first :limit rows only")
                .param("limit", limit)
                .query((rs, n) -> new Entry(rs.getLong("id"), Timestamps.fromDb(rs, "at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("target"), Outcome.valueOf(rs.getString("outcome")),
                        rs.getString("detail")))
                .list();
    }

    /** The name of the signed-in user, or {@code system}. */
    public static String currentActor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() || auth.getName() == null ? "system" : auth.getName();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
