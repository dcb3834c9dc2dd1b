package io.vaultfleet.console.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.vaultfleet.console.platform.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Slows down password guessing. Failed sign-ins are counted per account, whatever address they come from (so a
 * second address gains nothing once an account is locked), and per address (so one address guessing many names is
 * stopped too). Past a threshold every further attempt, right or wrong, is refused for a wait that doubles with
 * each failure, up to a cap. A success clears the account's count.
 * <p>
 * Counts live in the database ({@code login_throttle}), so several console nodes share them. Storage is bounded:
 * one row per account or address, its count capped, and rows whose window and longest wait are over are deleted
 * as new failures arrive. Time comes from the injected clock.
 */
@Component
public class LoginThrottle {
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int FREE_FAILURES_PER_ACCOUNT = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    /** More failures than this in one window change nothing (the wait is at its cap long before). */
    static final int MAX_COUNTED = 1_000;
    private static final int MAX_KEY = 300;

    private final JdbcClient jdbc;
    private final Clock clock;

    public LoginThrottle(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** How long this attempt must wait, or empty if it may go ahead. */
    @Transactional(readOnly = true)
    public Optional<Duration> blockedFor(String username, String address) {
        Instant now = clock.instant();
        Duration accountWait = waitFor(accountKey(username), FREE_FAILURES_PER_ACCOUNT, now);
        Duration addressWait = waitFor(addressKey(address), FREE_FAILURES_PER_ADDRESS, now);
        Duration wait = accountWait.compareTo(addressWait) >= 0 ? accountWait : addressWait;
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Counts a failure against the account and the address; forgets rows nobody needs any more. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void failed(String username, String address) {
        Instant now = clock.instant();
        jdbc.sql("delete from login_throttle where last_failure < :horizon")
                .param("horizon", Timestamps.toDb(horizon(now))).update();
        count(accountKey(username), now);
        count(addressKey(address), now);
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void succeeded(String username, String address) {
        jdbc.sql("delete from login_throttle where throttle_key = :key").param("key", accountKey(username)).update();
    }

    /** How many rows the throttle holds now (for tests of its bound). */
    long trackedKeys() {
        return jdbc.sql("select count(*) from login_throttle").query(Long.class).single();
    }

    private Duration waitFor(String key, int free, Instant now) {
        record Row(int failures, Instant lastFailure) {
        }
        var row = jdbc.sql("select failures, last_failure from login_throttle where throttle_key = :key")
                .param("key", key)
                .query((rs, n) -> new Row(rs.getInt("failures"), Timestamps.fromDb(rs, "last_failure")))
                .optional();
        if (row.isEmpty() || row.get().failures() < free) {
            return Duration.ZERO;
        }
        Duration wait = FIRST_WAIT;
        for (int i = free; i < row.get().failures() && wait.compareTo(MAX_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        Instant until = row.get().lastFailure().plus(wait);
        return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
    }

    private void count(String key, Instant now) {
        var at = Timestamps.toDb(now);
        // a window starts with its first failure; a failure after the window (and its longest wait) starts afresh
        int updated = jdbc.sql("""
                update login_throttle set
                  failures = case when window_start < :windowFrom then 1
                                  when failures >= :cap then failures else failures + 1 end,
                  window_start = case when window_start < :windowFrom then :now else window_start end,
                  last_failure = :now
                where throttle_key = :key""")
                .param("windowFrom", Timestamps.toDb(now.minus(WINDOW))).param("cap", MAX_COUNTED)
                .param("now", at).param("key", key).update();
        if (updated == 0) {
            try {
                jdbc.sql("""
                        insert into login_throttle (throttle_key, failures, window_start, last_failure)
                        values (:key, 1, :now, :now)""").param("key", key).param("now", at).update();
            } catch (DuplicateKeyException raced) {
                count(key, now);
            }
        }
    }

    private static Instant horizon(Instant now) {
        return now.minus(WINDOW).minus(MAX_WAIT);
    }

    private static String accountKey(String username) {
        return bounded("u:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT)));
    }

    private static String addressKey(String address) {
        return bounded("a:" + address);
    }

    /** Keys are capped in length: a user name typed into the form may be any size. */
    private static String bounded(String key) {
        return key.length() <= MAX_KEY ? key : key.substring(0, MAX_KEY);
    }
}
