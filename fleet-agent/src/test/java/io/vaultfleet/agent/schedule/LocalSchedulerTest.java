package io.vaultfleet.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.protocol.policy.AgentPolicy;
import io.vaultfleet.protocol.policy.BackupSchedule;

/** The local schedule, driven by a clock the test moves. */
class LocalSchedulerTest {
    @TempDir
    Path home;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T20:00:00Z"));
    private final List<String> started = new ArrayList<>();

    private static AgentPolicy policy(String... times) {
        return new AgentPolicy("p1", "Nightly", List.of("SYSTEM_STATE", "FILES_AND_FOLDERS"), List.of("/srv"),
                List.of(), BackupSchedule.daily("UTC", times), null);
    }

    private LocalScheduler scheduler(PolicyStore store) {
        return new LocalScheduler(home, store, clock, (p, item, at) -> started.add(item + "@" + at));
    }

    @Test
    void eachItemIsBackedUpOnceAtEachScheduledTime() throws Exception {
        PolicyStore store = new PolicyStore(home);
        store.save(policy("21:00", "22:30"));
        LocalScheduler scheduler = scheduler(store);
        scheduler.policyChanged();
        assertThat(scheduler.nextBackup()).hasValue(Instant.parse("2026-11-25T21:00:00Z"));
        clock.set(Instant.parse("2026-11-25T20:59:59Z"));
        assertThat(scheduler.tick()).isEmpty();
        clock.set(Instant.parse("2026-11-25T21:00:00Z"));
        assertThat(scheduler.tick()).hasValue(Instant.parse("2026-11-25T21:00:00Z"));
        assertThat(scheduler.tick()).as("not twice").isEmpty();
        assertThat(started).containsExactly("SYSTEM_STATE@2026-11-25T21:00:00Z", "FILES_AND_FOLDERS@2026-11-25T21:00:00Z");
        clock.set(Instant.parse("2026-11-25T22:30:05Z"));
        scheduler.tick();
        assertThat(started).hasSize(4).last().isEqualTo("FILES_AND_FOLDERS@2026-11-25T22:30:00Z");
    }

    @Test
    void aRestartNeitherRepeatsNorLosesABackup() throws Exception {
        PolicyStore store = new PolicyStore(home);
        store.save(policy("21:00"));
        LocalScheduler first = scheduler(store);
        first.policyChanged();
        clock.set(Instant.parse("2026-11-25T21:00:30Z"));
        first.tick();
        assertThat(started).hasSize(2);

        // stopped over two scheduled times: the new process catches up once, not twice, and not the one it ran
        clock.set(Instant.parse("2026-11-27T21:30:00Z"));
        LocalScheduler second = scheduler(new PolicyStore(home));
        assertThat(second.tick()).hasValue(Instant.parse("2026-11-27T21:00:00Z"));
        assertThat(second.tick()).isEmpty();
        assertThat(started).hasSize(4);
    }

    @Test
    void aNewPolicyDoesNotCatchUpTimesBeforeItArrived() throws Exception {
        PolicyStore store = new PolicyStore(home);
        LocalScheduler scheduler = scheduler(store);
        assertThat(scheduler.tick()).as("no policy, nothing runs").isEmpty();
        clock.set(Instant.parse("2026-11-25T23:00:00Z"));
        store.save(policy("21:00"));
        scheduler.policyChanged();
        assertThat(scheduler.tick()).isEmpty();
        assertThat(started).isEmpty();
    }

    @Test
    void theStoredPolicyKeepsItsHashAndAnEditedFileReportsAnother() throws Exception {
        PolicyStore store = new PolicyStore(home);
        AgentPolicy policy = policy("21:00");
        store.save(policy);
        assertThat(new PolicyStore(home).load().hash()).isEqualTo(policy.hash());
        Path file = home.resolve(PolicyStore.FILE);
        Files.writeString(file, Files.readString(file).replace("21:00", "23:00"));
        assertThat(store.load().hash()).isNotEqualTo(policy.hash()).matches("[0-9a-f]{64}");
        Files.writeString(file, "{ not json");
        assertThat(store.load().hash()).isEmpty();
        assertThat(store.load().problem()).contains("cannot be read");
        store.save(null);
        assertThat(store.load().policy()).isEmpty();
    }

    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
