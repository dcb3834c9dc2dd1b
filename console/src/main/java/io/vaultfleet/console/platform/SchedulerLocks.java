package io.vaultfleet.console.platform;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cluster-wide singletons for scheduled passes (ShedLock on the {@code shedlock} table, docs/decisions/026): a pass
 * that must run once across console nodes (retention, alert rules, stalled jobs, notifications) is annotated
 * <pre>
 * &#64;Scheduled(fixedDelayString = "${my.interval:30s}")
 * &#64;SchedulerLock(name = "feature.pass", lockAtLeastFor = "${my.interval:30s}")
 * void scheduledPass() { pass(); }
 * </pre>
 * on a method of its own that only the scheduler calls (tests call the pass itself, unlocked). {@code lockAtLeastFor}
 * of one interval keeps the other nodes from running the same pass again in that interval. Passes that act on this
 * node's own connections (agent heartbeats, this node's heartbeat) are not locked. The lock's times are the
 * database's, so nodes whose clocks disagree still agree on who holds it.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT30M")
class SchedulerLocks {
    @Bean
    LockProvider lockProvider(DataSource dataSource, ConsoleNode node) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withLockedByValue(node.id())
                .usingDbTime()
                .build());
    }
}
