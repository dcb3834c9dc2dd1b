package io.vaultfleet.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RefusalsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");

    @Test
    void eachRefusalDoublesTheWaitUpToTheCapAndAReceiptForgetsIt() {
        Refusals refusals = new Refusals(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(refusals.due("r1", T0)).as("never refused").isTrue();
        assertThat(refusals.refused("r1", T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(refusals.due("r1", T0.plusMillis(999))).isFalse();
        assertThat(refusals.due("r1", T0.plusSeconds(1))).isTrue();
        assertThat(refusals.refused("r1", T0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(refusals.refused("r1", T0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(refusals.refused("r1", T0)).isEqualTo(Duration.ofSeconds(5));
        for (int i = 0; i < 100; i++) {
            assertThat(refusals.refused("r1", T0)).as("no overflow however often").isEqualTo(Duration.ofSeconds(5));
        }
        assertThat(refusals.times("r1")).isEqualTo(104);
        assertThat(refusals.due("r2", T0)).as("other reports are not held back").isTrue();

        refusals.delivered("r1");
        assertThat(refusals.due("r1", T0)).isTrue();
        assertThat(refusals.times("r1")).isZero();
    }

    @Test
    void aNewLinkTriesEverythingAtOnce() {
        Refusals refusals = new Refusals(Duration.ofMinutes(1), Duration.ofMinutes(10));
        refusals.refused("r1", T0);
        refusals.newLink();
        assertThat(refusals.due("r1", T0)).isTrue();
    }

    @Test
    void refusesAWaitThatIsNotPositiveOrACapBelowIt() {
        assertThatThrownBy(() -> new Refusals(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("0 < base");
        assertThatThrownBy(() -> new Refusals(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("<= cap");
    }
}
