package io.vaultfleet.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.channel.FakeConsole;
import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.HeartbeatAck;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.Message;
import io.vaultfleet.protocol.PolicyAssigned;
import io.vaultfleet.protocol.PolicyState;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.Welcome;

/**
 * The service as {@code fleet-agent run} builds it (unregistered, development mode), against a real WebSocket console
 * end: the console's messages reach the part that owns them and the answers come back over the channel.
 */
class AgentServiceTest {
    private final ProtocolCodec codec = new ProtocolCodec();
    private String standby;
    private String startupCache;

    @TempDir
    Path home;

    @BeforeEach
    void noWarmBackupProcesses() {
        standby = System.setProperty(AgentService.STANDBY_PROPERTY, "off");
        startupCache = System.setProperty(AgentService.STARTUP_CACHE_PROPERTY, "off");
    }

    @AfterEach
    void restoreProperties() {
        restore(AgentService.STANDBY_PROPERTY, standby);
        restore(AgentService.STARTUP_CACHE_PROPERTY, startupCache);
    }

    @Test
    void routesTheConsolesMessagesAndStopsWithExitCodeZero() throws Exception {
        try (FakeConsole console = new FakeConsole(frame -> {
            Inbound in = codec.decodeFromAgent(frame);
            return switch (in.message()) {
                // heartbeats every second: the outbox (BackupNow refused: not registered) goes out on the next one
                case Hello hello -> List.of(
                        codec.encodeReply(new Welcome("server-1", 1, "test", "0.0.1", "0.0.1"), in.id()),
                        codec.encode(new BackupNow("job-1", "FILES_AND_FOLDERS", List.of("/srv/data"))),
                        codec.encode(new PolicyAssigned(null, "")));
                case Heartbeat beat -> List.of(codec.encodeReply(new HeartbeatAck(beat.sentAt()), in.id()));
                case JobFinished finished -> List.of(codec.encodeReply(new Delivered(finished.deliveryId()), in.id()));
                default -> List.of();
            };
        })) {
            AgentService service = new AgentService(AgentHome.resolve(home), Optional.empty(), console.endpoint(),
                    HostInfo.current(), 0);
            // a thread of its own, as in the agent: on the (small) common pool it would hold up the HTTP client
            FutureTask<Integer> exit = new FutureTask<>(service::run);
            Thread.ofPlatform().name("agent-service").start(exit);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(received(console, JobFinished.class)).as("BackupNow reached the jobs' side")
                        .singleElement().satisfies(f -> {
                            assertThat(f.jobId()).isEqualTo("job-1");
                            assertThat(f.outcome()).isEqualTo(JobOutcome.FAILED);
                            assertThat(f.detail()).contains("not registered");
                        });
                // one on connecting, one for the assigned (removed) policy
                assertThat(received(console, PolicyState.class)).as("PolicyAssigned reached the policy store")
                        .hasSizeGreaterThanOrEqualTo(2).allSatisfy(s -> assertThat(s.detail()).isNullOrEmpty());
            });
            assertThat(AgentStatus.readFrom(AgentHome.resolve(home).statusFile())).as("the status file is kept")
                    .isPresent();

            service.stop();
            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        }
    }

    private <T extends Message> List<T> received(FakeConsole console, Class<T> type) {
        return console.received().stream().map(f -> codec.decodeFromAgent(f).message())
                .filter(type::isInstance).map(type::cast).toList();
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
