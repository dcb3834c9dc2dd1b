package io.vaultfleet.console.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Slows down password guessing. Failed sign-ins are counted per (user name, address) and per address within a
 * window; past a threshold every further attempt, right or wrong, is refused for a wait that doubles with each
 * failure, up to a cap. A success clears the user's count for that address. Time comes from the injected clock.
 */
@Component
public class LoginThrottle {
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int FREE_FAILURES_PER_USER = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 50_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this attempt must wait, or empty if it may go ahead. */
    public Optional<Duration> blockedFor(String username, String address) {
        Instant now = clock.instant();
        Duration userWait = waitFor(userKey(username, address), FREE_FAILURES_PER_USER, now);
        Duration addressWait = waitFor(addressKey(address), FREE_FAILURES_PER_ADDRESS, now);
        Duration wait = userWait.compareTo(addressWait) >= 0 ? userWait : addressWait;
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            prune(now);
        }
        add(userKey(username, address), now);
        add(addressKey(address), now);
    }

    public void succeeded(String username, String address) {
        failures.remove(userKey(username, address));
    }

    private Duration waitFor(String key, int free, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            dropOld(times, now);
            int count = times.size();
            if (count < free) {
                return Duration.ZERO;
            }
            Duration wait = FIRST_WAIT;
            for (int i = free; i < count && wait.compareTo(MAX_WAIT) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            if (wait.compareTo(MAX_WAIT) > 0) {
                wait = MAX_WAIT;
            }
            Instant until = times.peekLast().plus(wait);
            return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
        }
    }

    private void add(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            dropOld(times, now);
            times.addLast(now);
        }
    }

    private static void dropOld(Deque<Instant> times, Instant now) {
        Instant horizon = now.minus(WINDOW).minus(MAX_WAIT);
        while (!times.isEmpty() && times.peekFirst().isBefore(horizon)) {
            times.pollFirst();
        }
    }

    private void prune(Instant now) {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                dropOld(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
    }

    private static String userKey(String username, String address) {
        return "u:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT)) + "|" + address;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
