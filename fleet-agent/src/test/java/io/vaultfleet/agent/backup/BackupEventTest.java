package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.repo.Json;
import io.vaultfleet.protocol.JobStage;

/** What a backup process writes with {@code --json} is read back by the service as the same records. */
class BackupEventTest {
    @Test
    void everyKindOfLineRoundTripsAsItsRecord() {
        List<BackupEvent> events = List.of(
                new BackupEvent.Stage(JobStage.WAITING_FOR_STORAGE),
                new ProgressEvent("progress", "uploading", 10, 20, 1, 2, true, 5, 2, 3, 1, 0, 1000),
                new BackupEvent.Warning("/srv/missing", "does not exist"),
                new BackupEvent.Pack("ab".repeat(32), 1 << 20, 12),
                new BackupEvent.Resumed(3),
                new CatalogRecord("catalog", "rp-1", "2026-12-07T01:00:00Z", "srv-01", "files:/srv", 1, 2, 3, 4, 5,
                        List.of("p1", "p2")),
                new BackupEvent.Summary("backup", 3, Map.of("files", 1)));
        for (BackupEvent event : events) {
            String line = Json.MAPPER.writeValueAsString(event);
            assertThat(line).startsWith("{\"type\":\"" + event.type() + "\"");
            assertThat(BackupEvent.parse(line)).as(line).isEqualTo(event);
        }
    }

    @Test
    void linesThatAreNotEventsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> BackupEvent.parse("not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an event line");
        assertThatThrownBy(() -> BackupEvent.parse("{\"type\":\"defragment\"}"))
                .hasMessageContaining("defragment");
        assertThatThrownBy(() -> BackupEvent.parse("{\"type\":\"stage\",\"stage\":\"SHRED\"}"))
                .hasMessageContaining("SHRED");
        assertThatThrownBy(() -> BackupEvent.parse("{\"type\":\"stage\",\"stage\":\"DONE\"}"))
                .hasMessageContaining("DONE is the console's own");
        assertThatThrownBy(() -> BackupEvent.parse("{\"stage\":\"UPLOAD\"}")).hasMessageContaining("type");
        assertThat(BackupEvent.tryParse("")).isEmpty();
        assertThat(BackupEvent.tryParse("{\"type\":\"standby-ready\"}")).isEmpty();
    }

    @Test
    void aNewerWritersExtraFieldsAreIgnored() {
        assertThat(BackupEvent.parse("{\"type\":\"warning\",\"path\":\"/a\",\"message\":\"gone\",\"code\":2}"))
                .isEqualTo(new BackupEvent.Warning("/a", "gone"));
    }
}
