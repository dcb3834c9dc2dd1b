package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** A caller cannot fill the audit table by being refused: repeats are counted, not written one by one. */
class AnonymousRefusalsTest {
    record Row(String actor, String action, String target, String detail) {
    }

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T01:00:00Z"));
    private final List<Row> rows = new ArrayList<>();
    private final AnonymousRefusals refusals = new AnonymousRefusals(
            (actor, action, target, detail) -> rows.add(new Row(actor, action, target, detail)), clock, 5);

    @Test
    void aThousandRefusedUpgradesFromOneSourceMakeTwoRows() {
        for (int i = 0; i < 1000; i++) {
            refusals.refused("203.0.113.7", "agent@203.0.113.7", "agent.connect", "agent-channel", "no-proof",
                    "no agent identity presented (attempt " + i + ")");
        }
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().detail()).contains("attempt 0");

        refusals.flush();
        assertThat(rows).as("the minute is not over yet").hasSize(1);
        clock.advance(AnonymousRefusals.WINDOW);
        refusals.flush();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).actor()).isEqualTo("agent@203.0.113.7");
        assertThat(rows.get(1).detail()).startsWith("999 more refusals like this from 203.0.113.7")
                .contains("the last: no agent identity presented (attempt 999)");

        refusals.flush();
        assertThat(rows).as("a summary is written once").hasSize(2);
    }

    @Test
    void theNextMinuteStartsWithARowAgain() {
        refusals.refused("198.51.100.1", "agent@198.51.100.1", "server.register", "host:x", "REPLAYED", "first");
        clock.advance(Duration.ofSeconds(61));
        refusals.refused("198.51.100.1", "agent@198.51.100.1", "server.register", "host:x", "REPLAYED", "second");
        assertThat(rows).extracting(Row::detail).containsExactly("first", "second");
    }

    @Test
    void differentKindsAndSourcesAreRecordedApart() {
        refusals.refused("198.51.100.1", "agent@198.51.100.1", "server.register", "host:a", "EXPIRED", "expired");
        refusals.refused("198.51.100.1", "agent@198.51.100.1", "server.register", "host:a", "REPLAYED", "replayed");
        refusals.refused("198.51.100.2", "agent@198.51.100.2", "server.register", "host:a", "EXPIRED", "expired");
        assertThat(rows).hasSize(3);
    }

    @Test
    void aSourceClaimingANewServerEachTimeIsCappedAtItsKinds() {
        for (int i = 0; i < 1000; i++) {
            UUID claimed = UUID.randomUUID();
            refusals.refused("203.0.113.9", "server:" + claimed + "@203.0.113.9", "agent.connect", "agent-channel",
                    "unknown-server", "server " + claimed + " is not registered");
        }
        // five kinds one by one, then one row for everything else from the source
        assertThat(rows).hasSize(6);
        assertThat(rows.get(5).actor()).isEqualTo("server:" + rows.get(5).detail().substring(7, 43) + "@203.0.113.9");
        clock.advance(AnonymousRefusals.WINDOW);
        refusals.flush();
        assertThat(rows).hasSize(7);
        assertThat(rows.get(6).actor()).isEqualTo("agent@203.0.113.9");
        assertThat(rows.get(6).detail()).startsWith("994 more refusals like this from 203.0.113.9");
    }

    @Test
    void memoryIsBoundedAcrossSources() {
        for (int i = 0; i < AnonymousRefusals.MAX_TRACKED + 500; i++) {
            String source = "10.0." + (i / 256) + "." + (i % 256);
            refusals.refused(source, "agent@" + source, "agent.connect", "agent-channel", "no-proof", "no proof");
        }
        assertThat(rows).hasSize(AnonymousRefusals.MAX_TRACKED + 1);
        clock.advance(AnonymousRefusals.WINDOW);
        refusals.flush();
        assertThat(rows.getLast().detail()).startsWith("499 more refusals like this from *");
    }
}
