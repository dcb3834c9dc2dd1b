package io.vaultfleet.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.RecoveryPointCreated;

class OutboxTest {
    @TempDir
    Path home;

    private static RecoveryPointCreated report(String deliveryId) {
        return new RecoveryPointCreated(deliveryId, "rp-" + deliveryId, "FILES_AND_FOLDERS",
                Instant.parse("2026-11-25T10:00:00Z"), 10, 1000, 400, 600, List.of("pack-a", "pack-b"));
    }

    @Test
    void keepsReportsInOrderUntilTheyAreDelivered() {
        Outbox outbox = Outbox.in(home);
        outbox.enqueue(report("d1"));
        outbox.enqueue(report("d2"));
        outbox.enqueue(report("d3"));
        assertThat(outbox.pending()).extracting(Outbox.Pending::deliveryId).containsExactly("d1", "d2", "d3");

        assertThat(outbox.delivered("d2")).isTrue();
        assertThat(outbox.delivered("d2")).as("a second receipt changes nothing").isFalse();
        assertThat(new Outbox(home.resolve("outbox")).pending()).extracting(Outbox.Pending::deliveryId)
                .containsExactly("d1", "d3");
    }

    @Test
    void storesTheFrameTheConsoleWillRead() {
        Outbox outbox = Outbox.in(home);
        outbox.enqueue(report("d9"));
        var inbound = new ProtocolCodec().decodeFromAgent(outbox.pending().getFirst().frame());
        assertThat(inbound.id()).isEqualTo("d9");
        assertThat(inbound.message()).isEqualTo(report("d9"));
    }

    @Test
    void ignoresATornTemporaryFileFromACrash() throws Exception {
        Outbox outbox = Outbox.in(home);
        outbox.enqueue(report("ok"));
        Files.writeString(home.resolve("outbox").resolve("00000000000000000001-torn.json.tmp"), "{\"v\":1,");
        assertThat(outbox.pending()).extracting(Outbox.Pending::deliveryId).containsExactly("ok");
    }

    @Test
    void anEmptyHomeHasNothingPending() {
        assertThat(Outbox.in(home).pending()).isEmpty();
        assertThat(Outbox.in(home).delivered("nothing")).isFalse();
    }

    @Test
    void refusesDeliveryIdsThatCannotBeFileNames() {
        assertThatThrownBy(() -> Outbox.in(home).enqueue(report("../../etc/passwd")))
                .hasMessageContaining("letters, digits or hyphens");
    }
}
