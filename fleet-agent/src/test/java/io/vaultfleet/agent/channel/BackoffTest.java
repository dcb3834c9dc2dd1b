package io.vaultfleet.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesTheCeilingUntilTheCap() {
        Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 1.0);
        assertThat(highest.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(highest.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(highest.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(highest.next()).isEqualTo(Duration.ofSeconds(8));
        assertThat(highest.next()).isEqualTo(Duration.ofSeconds(10));
        for (int i = 0; i < 100; i++) {
            assertThat(highest.next()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void jitterNeverGoesBelowHalfTheCeiling() {
        Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 0.0);
        assertThat(lowest.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(lowest.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(lowest.next()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void spreadsAFleetAcrossTheUpperHalf() {
        Backoff middle = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(2), () -> 0.5);
        assertThat(middle.next()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void resetStartsOverAfterAnAcceptedConnection() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), () -> 1.0);
        backoff.next();
        backoff.next();
        backoff.next();
        backoff.reset();
        assertThat(backoff.attempt()).isZero();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsAZeroBaseOrACapBelowTheBase() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Math::random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Math::random))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
