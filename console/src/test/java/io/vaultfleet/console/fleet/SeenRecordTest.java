package io.vaultfleet.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * The rule that decides when a node rewrites a held server's {@code last_seen_at} (decision 031): another node marks
 * the server offline once that row is older than the offline threshold, so its age must stay bounded whatever the
 * heartbeats do. Played over simulated time: sweeps every 2 s, heartbeats every 15 s arriving a little early, one lost.
 */
class SeenRecordTest {
    private static final Duration OFFLINE_AFTER = Duration.ofSeconds(45);
    private static final Duration EVERY = OFFLINE_AFTER.dividedBy(3);
    private static final Duration SWEEP = Duration.ofSeconds(2);

    @Test
    void theRowNeverAgesPastAThirdOfTheThresholdPlusOneSweepEvenWithEarlyAndLostHeartbeats() {
        Instant start = Instant.parse("2026-12-07T00:00:00Z");
        Instant written = null;
        Duration oldest = Duration.ZERO;
        int writes = 0;
        for (Instant now = start; now.isBefore(start.plus(Duration.ofMinutes(10))); now = now.plus(SWEEP)) {
            // heartbeats (every 14.98 s, the third one lost) do not enter the rule: the connection is alive
            if (AgentConnection.dueForRecord(written, now, EVERY)) {
                written = now;
                writes++;
            }
            Duration age = Duration.between(written, now);
            oldest = age.compareTo(oldest) > 0 ? age : oldest;
        }
        assertThat(oldest).isLessThanOrEqualTo(EVERY.plus(SWEEP)).isLessThan(OFFLINE_AFTER);
        // and it is not written on every sweep: one write per ~15 s (10 minutes: 38 writes, not 300)
        assertThat(writes).isBetween(35, 45);
    }

    @Test
    void aConnectionNeverWrittenIsDueAtOnce() {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        assertThat(AgentConnection.dueForRecord(null, now, EVERY)).isTrue();
        assertThat(AgentConnection.dueForRecord(now.minus(EVERY), now, EVERY)).isTrue();
        assertThat(AgentConnection.dueForRecord(now.minusSeconds(14), now, EVERY)).isFalse();
    }
}
