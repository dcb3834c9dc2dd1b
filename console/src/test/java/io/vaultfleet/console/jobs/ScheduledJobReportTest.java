package io.vaultfleet.console.jobs;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.ErrorReply;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.JobStarted;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.testsupport.RawWebSocket;

/** Jobs the agent starts itself (scheduled backups) appear in the console, once, with their progress and end. */
@ConsoleTest
class ScheduledJobReportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();

    @LocalServerPort
    int port;

    @Autowired
    FleetService fleet;

    @Autowired
    JobService jobs;

    @Autowired
    TestVaults vaults;

    @Autowired
    SecurityContextHolderStrategy security;

    @Test
    void aScheduledJobIsCreatedByItsStartReportAndFinishedByItsEndReport() {
        var vault = vaults.create("scheduled");
        KeyPair keys = AgentKeys.generate();
        var server = ((FleetService.Enrolled) fleet.enroll(vault.id(), "sched-01", "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(keys.getPublic()))).server();
        String jobId = UUID.randomUUID().toString();
        JobStarted started = new JobStarted(UUID.randomUUID().toString(), jobId, "FILES_AND_FOLDERS", "SCHEDULED",
                Instant.parse("2026-11-25T21:30:00Z"), Instant.parse("2026-11-25T21:30:01Z"), "ab".repeat(32));
        JobFinished finished = new JobFinished(UUID.randomUUID().toString(), jobId, JobOutcome.COMPLETED, "", "rp-1", 3, 300, 200);
        try (RawWebSocket ws = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                Map.of(ConnectProof.HEADER, ConnectProof.create(server.id(), keys.getPrivate(), Instant.now()).toHeader()))) {
            ws.send(codec.encode(new Hello("0.1.0", "sched-01", "Linux", "6.1", 1)));
            codec.decodeFromConsole(ws.next(WAIT));
            // the same start delivered twice (a resend after a cut) makes one job
            for (int i = 0; i < 2; i++) {
                ws.send(codec.encode(started.deliveryId(), started, null));
                assertThat(codec.decodeFromConsole(ws.next(WAIT)).message()).isEqualTo(new Delivered(started.deliveryId()));
            }
            ws.send(codec.encode(new JobProgress(jobId, JobStage.UPLOAD, 2, 200, 300, 100)));
            List<BackupJob> running = runAs(security, Role.READER, () -> jobs.list(server.id(), 0, 10));
            assertThat(running).singleElement().satisfies(j -> {
                assertThat(j.trigger()).isEqualTo("SCHEDULED");
                assertThat(j.requestedBy()).isEqualTo("schedule");
                assertThat(j.startedAt()).isEqualTo(started.startedAt());
            });
            ws.send(codec.encode(finished.deliveryId(), finished, null));
            assertThat(codec.decodeFromConsole(ws.next(WAIT)).message()).isEqualTo(new Delivered(finished.deliveryId()));

            // a start report that is not a UUID is refused, and the console says why
            JobStarted bad = new JobStarted("d-bad", "not-a-uuid", "SYSTEM_STATE", "SCHEDULED", Instant.now(),
                    Instant.now(), "");
            ws.send(codec.encode(bad.deliveryId(), bad, null));
            assertThat(codec.decodeFromConsole(ws.next(WAIT)).message()).isInstanceOfSatisfying(ErrorReply.class,
                    e -> assertThat(e.message()).contains("not-a-uuid is not a UUID"));
        }
        BackupJob job = runAs(security, Role.READER, () -> jobs.list(server.id(), 0, 10)).getFirst();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.recoveryPointId()).isEqualTo("rp-1");
        assertThat(job.bytesTransferred()).isEqualTo(200);
    }
}
