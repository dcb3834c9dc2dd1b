package io.vaultfleet.console.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.recovery.ExpiryDecision;
import io.vaultfleet.console.recovery.RecoveryPoint;

/**
 * The retention pass's policy rule: a server's scheduled recovery points that its backup policy's GFS retention no
 * longer keeps ({@link GfsRetention#keep}), per item, in the schedule's time zone. On-demand points (made by Back Up
 * Now, with a "retain backup till" day) are left to their own rule; a server without a policy loses nothing here.
 */
@Component
class GfsExpiry implements ExpiryDecision {
    private final PolicyRepository policies;
    private final JobService jobs;

    GfsExpiry(PolicyRepository policies, JobService jobs) {
        this.policies = policies;
        this.jobs = jobs;
    }

    @Override
    @Transactional(readOnly = true)
    public Set<String> expired(UUID serverId, List<RecoveryPoint> kept, Instant now) {
        var policy = policies.assignment(serverId).flatMap(a -> policies.find(a.policyId()));
        if (policy.isEmpty() || kept.isEmpty()) {
            return Set.of();
        }
        RetentionRules rules = policy.get().settings().retention();
        var zone = policy.get().settings().schedule().zone();
        Map<String, LocalDate> onDemand = jobs.retainTillByRecoveryPoint(serverId);
        Set<String> expired = new HashSet<>();
        Map<String, List<RecoveryPoint>> byItem = kept.stream()
                .collect(Collectors.groupingBy(p -> p.item() == null ? "" : p.item()));
        for (List<RecoveryPoint> series : byItem.values()) {
            List<GfsRetention.PointInfo<String>> points = series.stream().map(p -> onDemand.containsKey(p.recoveryPointId())
                    ? GfsRetention.PointInfo.onDemand(p.recoveryPointId(), p.createdAt(),
                            onDemand.get(p.recoveryPointId()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                    : GfsRetention.PointInfo.scheduled(p.recoveryPointId(), p.createdAt())).toList();
            Set<String> keep = GfsRetention.keep(points, rules, now, zone);
            points.stream().filter(GfsRetention.PointInfo::scheduled).map(GfsRetention.PointInfo::id)
                    .filter(id -> !keep.contains(id)).forEach(expired::add);
        }
        return expired;
    }

    @Override
    public String reason() {
        return "backup policy retention";
    }
}
