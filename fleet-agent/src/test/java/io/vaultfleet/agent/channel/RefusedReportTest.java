package io.vaultfleet.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.ErrorCode;
import io.vaultfleet.protocol.ErrorReply;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.HeartbeatAck;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.SkippedItem;
import io.vaultfleet.protocol.Welcome;

/**
 * A report the console answers with an error (it failed to store it) is not dropped and not left waiting for the
 * next connection: it stays in the outbox and goes again on the same link, after a growing wait, until the console
 * confirms it.
 */
class RefusedReportTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @TempDir
    Path home;

    @Test
    void aReportTheConsoleCouldNotStoreIsSentAgainUntilItIsConfirmed() throws Exception {
        AtomicInteger offered = new AtomicInteger();
        JobFinished result = new JobFinished("7d1f3c2e-0000-4000-8000-000000000001", "job-1",
                JobOutcome.COMPLETED_WITH_WARNINGS, "1 path(s) not backed up", "rp-1", 1, 2, 3,
                List.of(new SkippedItem("/srv/missing", "does not exist")), 0);
        try (FakeConsole console = new FakeConsole(frame -> {
            Inbound in = codec.decodeFromAgent(frame);
            return switch (in.message()) {
                case Hello hello -> List.of(codec.encodeReply(new Welcome("server-1", 1, "test", "0.1.0", "0.1.0"), in.id()));
                case Heartbeat beat -> List.of(codec.encodeReply(new HeartbeatAck(beat.sentAt()), in.id()));
                // the first two attempts fail to store, as a console with a too narrow column did
                case JobFinished f -> List.of(offered.incrementAndGet() <= 2
                        ? codec.encodeReply(new ErrorReply(ErrorCode.INTERNAL, "the console could not store this report"), in.id())
                        : codec.encodeReply(new Delivered(f.deliveryId()), in.id()));
                default -> List.of();
            };
        })) {
            Outbox outbox = Outbox.in(home);
            outbox.enqueue(result);
            ChannelSettings settings = new ChannelSettings(console.endpoint(), Duration.ofSeconds(5),
                    Duration.ofMillis(100), Duration.ofMillis(400), 3, null, null);
            try (ConsoleChannel channel = new ConsoleChannel(settings,
                    () -> new Hello("0.1.0", "srv-1", "Linux", "6.1", ProtocolCodec.PROTOCOL_VERSION),
                    ChannelListener.NONE, Clock.systemUTC()).deliveringFrom(outbox)) {
                channel.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> outbox.size() == 0);
            }
            assertThat(offered).hasValue(3);
            assertThat(console.received().stream().filter(f -> f.contains("\"job-finished\"")))
                    .as("the same report, sent on one connection until confirmed").hasSize(3)
                    .allSatisfy(f -> assertThat(codec.decodeFromAgent(f).message()).isEqualTo(result));
            assertThat(console.received().stream().filter(f -> f.contains("\"hello\""))).as("no reconnect needed")
                    .hasSize(1);
        }
    }
}
