package io.vaultfleet.console.recovery;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** The rule that needs no policy: a Back Up Now point expires once its "retain till" date has passed. */
@Component
class OnDemandRetention implements ExpiryDecision {
    @Override
    public Set<String> expired(UUID serverId, List<RecoveryPoint> kept, Instant now) {
        return kept.stream().filter(p -> p.retainUntil() != null && !p.retainUntil().isAfter(now))
                .map(RecoveryPoint::recoveryPointId).collect(Collectors.toSet());
    }

    @Override
    public String reason() {
        return "on-demand retention (retain till date passed)";
    }
}
