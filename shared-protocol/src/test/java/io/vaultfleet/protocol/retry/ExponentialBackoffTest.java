package io.vaultfleet.protocol.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {
    private final ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void doublesFromTheFirstWaitUpToTheCap() {
        assertThat(backoff.afterFailures(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.afterFailures(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.afterFailures(7)).isEqualTo(Duration.ofSeconds(30)); // 32 s, capped
        assertThat(backoff.afterFailures(6)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void aLongOutageStaysAtTheCapWithoutOverflow() {
        assertThat(backoff.afterFailures(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
        ExponentialBackoff huge = new ExponentialBackoff(Duration.ofDays(1), Duration.ofDays(365 * 1000L));
        assertThat(huge.afterFailures(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365 * 1000L));
    }

    @Test
    void aCapEqualToTheFirstWaitIsAFixedWait() {
        ExponentialBackoff fixed = new ExponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(fixed.afterFailures(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(fixed.afterFailures(50)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void equalJitterKeepsTheLowerHalfAndSpreadsTheUpper() {
        assertThat(backoff.withEqualJitter(2, () -> 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.withEqualJitter(2, () -> 0.5)).isEqualTo(Duration.ofMillis(750));
        assertThat(backoff.withEqualJitter(2, () -> 1.0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesNonsenseWithAClearMessage() {
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < first wait <= cap");
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap PT1S");
        assertThatThrownBy(() -> new ExponentialBackoff(null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.afterFailures(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
