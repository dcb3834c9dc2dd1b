package io.vaultfleet.console.jobs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a job whose agent stopped reporting is called stalled, and when it is failed for it. Agents repeat a running
 * job's progress every 30 s even when nothing moves (long prechecks), so a few minutes of silence means the agent or
 * its connection is gone.
 *
 * @param stalledAfter     silence after which an open job shows as stalled (default 3 min)
 * @param failStalledAfter silence after which a stalled job is failed with that reason (default 1 h); the agent's
 *                         own result, when it comes later, still settles the job
 */
@ConfigurationProperties("vaultfleet.jobs")
public record JobWatchProperties(Duration stalledAfter, Duration failStalledAfter) {
    public JobWatchProperties {
        stalledAfter = stalledAfter == null ? Duration.ofMinutes(3) : stalledAfter;
        failStalledAfter = failStalledAfter == null ? Duration.ofHours(1) : failStalledAfter;
        if (stalledAfter.compareTo(Duration.ofSeconds(60)) < 0) {
            throw new IllegalArgumentException("vaultfleet.jobs.stalled-after must be at least 60 s (agents report "
                    + "every 30 s when a job is quiet)");
        }
        if (failStalledAfter.compareTo(stalledAfter) <= 0) {
            throw new IllegalArgumentException("vaultfleet.jobs.fail-stalled-after must be longer than stalled-after");
        }
    }
}
