package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The per-token bucket with a clock the test moves: burst, refill, how long to wait, tokens apart. */
class ApiRateLimitTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T02:00:00Z"));
    private final ApiRateLimit limit = new ApiRateLimit(3, 2, clock);
    private final UUID token = UUID.randomUUID();

    @Test
    void aBurstIsAllowedThenTheCallerIsToldHowLongToWait() {
        for (int i = 0; i < 3; i++) {
            assertThat(limit.take(token)).as("request " + (i + 1)).isEmpty();
        }
        // two a second: the next request is allowed half a second after the bucket ran dry
        assertThat(limit.take(token)).hasValue(Duration.ofMillis(500));
        clock.advance(Duration.ofMillis(499));
        assertThat(limit.take(token)).hasValue(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(limit.take(token)).isEmpty();
        assertThat(limit.take(token)).isPresent();
    }

    @Test
    void aQuietBucketRefillsOnlyToItsBurst() {
        for (int i = 0; i < 3; i++) {
            limit.take(token);
        }
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(limit.take(token)).isEmpty();
        }
        assertThat(limit.take(token)).isPresent();
    }

    @Test
    void eachTokenHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limit.take(token);
        }
        assertThat(limit.take(token)).isPresent();
        assertThat(limit.take(UUID.randomUUID())).isEmpty();
    }

    @Test
    void refusesASettingThatAllowsNothing() {
        assertThatThrownBy(() -> new ApiRateLimit(0, 2, clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vaultfleet.api.rate");
        assertThatThrownBy(() -> new ApiRateLimit(5, 0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
