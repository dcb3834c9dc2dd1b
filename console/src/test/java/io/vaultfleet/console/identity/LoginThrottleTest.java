package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void allowsTheFirstFiveFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("admin", "10.0.0.1");
        }
        assertThat(throttle.blockedFor("admin", "10.0.0.1")).isEmpty();
    }

    @Test
    void blocksAfterFiveFailuresForThirtySeconds() {
        failTimes(5, "admin", "10.0.0.1");
        assertThat(throttle.blockedFor("admin", "10.0.0.1")).contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(throttle.blockedFor("admin", "10.0.0.1")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("admin", "10.0.0.1")).isEmpty();
    }

    @Test
    void eachFurtherFailureDoublesTheWaitUpToFifteenMinutes() {
        failTimes(6, "admin", "10.0.0.1");
        assertThat(throttle.blockedFor("admin", "10.0.0.1")).contains(Duration.ofSeconds(60));
        failTimes(10, "admin", "10.0.0.1");
        assertThat(throttle.blockedFor("admin", "10.0.0.1")).contains(Duration.ofMinutes(15));
    }

    @Test
    void userNameCaseDoesNotEscapeTheThrottle() {
        failTimes(5, "Admin", "10.0.0.1");
        assertThat(throttle.blockedFor("ADMIN", "10.0.0.1")).isPresent();
    }

    @Test
    void anotherAddressIsNotBlockedForTheSameUser() {
        failTimes(5, "admin", "10.0.0.1");
        assertThat(throttle.blockedFor("admin", "10.0.0.2")).isEmpty();
    }

    @Test
    void oneAddressGuessingManyUserNamesIsBlockedToo() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThat(throttle.blockedFor("someone-new", "10.0.0.9")).isPresent();
    }

    @Test
    void successClearsTheUsersFailures() {
        failTimes(4, "admin", "10.0.0.1");
        throttle.succeeded("admin", "10.0.0.1");
        throttle.failed("admin", "10.0.0.1");
        assertThat(throttle.blockedFor("admin", "10.0.0.1")).isEmpty();
    }

    @Test
    void oldFailuresAreForgotten() {
        failTimes(4, "admin", "10.0.0.1");
        clock.advance(Duration.ofHours(1));
        throttle.failed("admin", "10.0.0.1");
        assertThat(throttle.blockedFor("admin", "10.0.0.1")).isEmpty();
    }

    private void failTimes(int n, String user, String address) {
        for (int i = 0; i < n; i++) {
            throttle.failed(user, address);
        }
    }
}
