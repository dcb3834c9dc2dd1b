package io.vaultfleet.agent.schedule;

import java.time.Clock;
import java.util.Optional;
import java.util.ServiceLoader;

import org.slf4j.LoggerFactory;

/**
 * Where the agent's backup schedule reads the time: the system clock, unless a {@link Provider} on the class path
 * offers another. The agent's jar holds none; only end-to-end tests add one (fleet-agent's {@code testhooks} jar,
 * test code, put on an agent process's class path with {@code -javaagent}) to move a real agent's schedule time
 * instead of waiting for it.
 */
public final class ScheduleClocks {

    /** Offers a schedule clock, or none (then the next provider, or the system clock, is used). */
    public interface Provider {
        Optional<Clock> scheduleClock();
    }

    private ScheduleClocks() {
    }

    /** The schedule clock: the first one a provider offers, else the system clock. */
    public static Clock forSchedules() {
        for (Provider provider : ServiceLoader.load(Provider.class)) {
            Optional<Clock> clock = provider.scheduleClock();
            if (clock.isPresent()) {
                LoggerFactory.getLogger(ScheduleClocks.class).warn("the schedule clock is not the system clock: {}"
                        + " (from {}, a test hook)", clock.get(), provider.getClass().getName());
                return clock.get();
            }
        }
        return Clock.systemUTC();
    }
}
