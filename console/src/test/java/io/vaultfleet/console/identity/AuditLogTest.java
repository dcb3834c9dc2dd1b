package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vaultfleet.console.ConsoleTest;

/** The audit log keeps what it is given, whatever happens to the caller's transaction, and lets nothing forge lines. */
@ConsoleTest
class AuditLogTest {
    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger auditLogger = (Logger) LoggerFactory.getLogger("audit");
    private ch.qos.logback.classic.Level level;

    @BeforeEach
    void capture() {
        lines.start();
        level = auditLogger.getLevel();
        auditLogger.setLevel(ch.qos.logback.classic.Level.INFO);
        auditLogger.addAppender(lines);
    }

    @AfterEach
    void release() {
        auditLogger.detachAppender(lines);
        auditLogger.setLevel(level);
    }

    private long entries(String target) {
        return jdbc.sql("select count(*) from audit_event where target = :t").param("t", target).query(Long.class).single();
    }

    @Test
    void aDeniedActionStaysRecordedWhenTheCallersTransactionRollsBack() {
        String target = "vault:" + UUID.randomUUID();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.sql("insert into audit_event (at, actor, action, target, outcome) values (current_timestamp, 'x', "
                    + "'caller.work', :t, 'SUCCESS')").param("t", target + "-caller").update();
            audit.recordAs("mallory", "vault.delete", target, AuditLog.Outcome.DENIED, "not an owner");
            throw new IllegalStateException("the caller fails after the refusal");
        })).hasMessage("the caller fails after the refusal");
        assertThat(entries(target + "-caller")).as("the caller's own work is rolled back").isZero();
        assertThat(entries(target)).as("the denial is kept").isEqualTo(1);
    }

    @Test
    void recordAlsoKeepsItsEntryWhenTheCallerRollsBack() {
        String target = "vault:" + UUID.randomUUID();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            audit.record("vault.delete", target, AuditLog.Outcome.DENIED, "not an owner");
            status.setRollbackOnly();
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(entries(target)).isEqualTo(1);
    }

    @Test
    void aSuccessIsRecordedOnlyWhenTheCallersTransactionCommits() {
        String target = "vault:" + UUID.randomUUID();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            audit.recordAs("admin", "vault.delete", target, AuditLog.Outcome.SUCCESS, "deleted");
            throw new IllegalStateException("the deletion fails after all");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(entries(target)).as("what did not happen is not recorded as done").isZero();
        transactions.executeWithoutResult(status ->
                audit.recordAs("admin", "vault.delete", target, AuditLog.Outcome.SUCCESS, "deleted"));
        assertThat(entries(target)).isEqualTo(1);
    }

    @Test
    void controlCharactersAreEscapedInTheTableAndTheLog() {
        String forged = "srv-1\n2026-12-07T01:00:00.000Z  INFO 1 --- [main] audit : admin vault.delete vault:x SUCCESS";
        String target = "host:" + forged + "-" + UUID.randomUUID();
        audit.recordAs("agent@127.0.0.1\r\n", "server.register", target, AuditLog.Outcome.DENIED,
                "MALFORMED: bad name '" + forged + "'\u0007\ud800");

        var row = jdbc.sql("select actor, target, detail from audit_event where target like :t")
                .param("t", "host:srv-1\\\\n%").query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
        assertThat(row).isNotEmpty();
        assertThat(row.getLast().get(0)).isEqualTo("agent@127.0.0.1\\r\\n");
        assertThat(row.getLast().get(1)).startsWith("host:srv-1\\n2026-12-07").doesNotContain("\n");
        assertThat(row.getLast().get(2)).doesNotContain("\n").endsWith("'\\u0007\\ud800");

        assertThat(lines.list).isNotEmpty();
        String line = lines.list.getLast().getFormattedMessage();
        assertThat(line).doesNotContain("\n").doesNotContain("\r").contains("srv-1\\n2026-12-07");
    }
}
