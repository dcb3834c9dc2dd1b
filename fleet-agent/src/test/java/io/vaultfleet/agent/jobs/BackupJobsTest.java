package io.vaultfleet.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobStarted;
import io.vaultfleet.protocol.Message;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.policy.AgentPolicy;
import io.vaultfleet.protocol.policy.BackupSchedule;

/**
 * Scheduled jobs through the real job runner: the child is a real process that keeps running (a shell sleeping in
 * place of the backup), so the second trigger finds the item busy.
 */
class BackupJobsTest {
    @TempDir
    Path home;

    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void aScheduledJobIsAnnouncedFirstAndASecondTriggerWhileItRunsIsRefusedWithTheReason() {
        Outbox outbox = Outbox.in(home);
        AgentPolicy policy = new AgentPolicy("p1", "Nightly", List.of("FILES_AND_FOLDERS"), List.of("/srv"),
                List.of("*.tmp"), BackupSchedule.daily("UTC", "21:00"), null);
        Instant at = Instant.parse("2026-11-25T21:00:00Z");
        try (BackupJobs jobs = new BackupJobs(List.of("/bin/sh", "-c", "sleep 30"), home, outbox, progress -> { })) {
            String running = jobs.startScheduled(policy, "FILES_AND_FOLDERS", at);
            String refused = jobs.startScheduled(policy, "FILES_AND_FOLDERS", at);

            List<Message> queued = outbox.pending().stream().map(p -> codec.decodeFromAgent(p.frame()).message()).toList();
            assertThat(queued).hasSize(3);
            assertThat(queued.get(0)).isInstanceOfSatisfying(JobStarted.class, s -> {
                assertThat(s.jobId()).isEqualTo(running);
                assertThat(s.trigger()).isEqualTo("SCHEDULED");
                assertThat(s.scheduledFor()).isEqualTo(at);
                assertThat(s.policyHash()).isEqualTo(policy.hash());
            });
            assertThat(queued.get(1)).isInstanceOfSatisfying(JobStarted.class, s -> assertThat(s.jobId()).isEqualTo(refused));
            assertThat(queued.get(2)).isInstanceOfSatisfying(JobFinished.class, f -> {
                assertThat(f.jobId()).isEqualTo(refused);
                assertThat(f.outcome()).isEqualTo("FAILED");
                assertThat(f.detail()).contains("a backup of FILES_AND_FOLDERS is already running");
            });
        }
    }
}
