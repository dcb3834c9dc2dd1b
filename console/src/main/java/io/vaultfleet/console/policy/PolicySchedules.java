package io.vaultfleet.console.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.monitoring.ScheduledBackups;

/**
 * The backup-missed alert's view of the schedules: when each server's policy last had a backup due. Only times
 * after the policy was assigned count (a new assignment never reports backups "missed" before it), and at most the
 * last 8 days are looked at (a weekly schedule's last time is within them).
 */
@Component
class PolicySchedules implements ScheduledBackups {
    private static final Duration LOOK_BACK = Duration.ofDays(8);

    private final PolicyRepository policies;

    PolicySchedules(PolicyRepository policies) {
        this.policies = policies;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, Instant> lastDue(Collection<UUID> serverIds, Instant atOrBefore) {
        List<UUID> ids = List.copyOf(serverIds);
        Map<UUID, Optional<BackupPolicy>> byPolicy = new HashMap<>();
        Map<UUID, Instant> due = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            for (var assignment : policies.assignments(ids.subList(from, Math.min(ids.size(), from + 1000)))) {
                Optional<BackupPolicy> policy = byPolicy.computeIfAbsent(assignment.policyId(), policies::find);
                if (policy.isEmpty()) {
                    continue;
                }
                Instant since = assignment.assignedAt().isAfter(atOrBefore.minus(LOOK_BACK))
                        ? assignment.assignedAt() : atOrBefore.minus(LOOK_BACK);
                policy.get().settings().schedule().latestBetween(since, atOrBefore)
                        .ifPresent(at -> due.put(assignment.serverId(), at));
            }
        }
        return due;
    }
}
