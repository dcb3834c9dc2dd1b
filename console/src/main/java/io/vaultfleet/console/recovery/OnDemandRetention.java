package io.vaultfleet.console.recovery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.vaultfleet.console.jobs.JobService;

/**
 * The rule that needs no policy: a Back Up Now point expires once its "Retain backup till" day has passed (kept
 * through that whole day, UTC). The day comes from the Back Up Now job that made the point; a point's own
 * {@code retain_until}, when set, takes precedence.
 */
@Component
class OnDemandRetention implements ExpiryDecision {
    private final JobService jobs;

    OnDemandRetention(JobService jobs) {
        this.jobs = jobs;
    }

    @Override
    public Set<String> expired(UUID serverId, List<RecoveryPoint> kept, Instant now) {
        Map<String, LocalDate> retainTill = jobs.retainTillByRecoveryPoint(serverId);
        return kept.stream().filter(p -> {
            Instant until = p.retainUntil() != null ? p.retainUntil() : endOf(retainTill.get(p.recoveryPointId()));
            return until != null && !until.isAfter(now);
        }).map(RecoveryPoint::recoveryPointId).collect(Collectors.toSet());
    }

    private static Instant endOf(LocalDate day) {
        return day == null ? null : day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Override
    public String reason() {
        return "on-demand retention (retain till date passed)";
    }
}
