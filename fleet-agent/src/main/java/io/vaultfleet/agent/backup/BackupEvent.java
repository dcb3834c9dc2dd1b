package io.vaultfleet.agent.backup;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.vaultfleet.protocol.JobStage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One line a backup (or restore, verify) process writes with {@code --json}, and the service reads back: the same
 * records on both sides, told apart by their {@code type} field (Jackson polymorphic typing), never read field by
 * field. A stage is a {@link JobStage}, the vocabulary the console stores, so what the child says is what the job
 * page shows.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type",
        visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = BackupEvent.Stage.class, name = "stage"),
        @JsonSubTypes.Type(value = ProgressEvent.class, name = "progress"),
        @JsonSubTypes.Type(value = BackupEvent.Warning.class, name = "warning"),
        @JsonSubTypes.Type(value = BackupEvent.Pack.class, name = "pack"),
        @JsonSubTypes.Type(value = BackupEvent.Resumed.class, name = "resumed"),
        @JsonSubTypes.Type(value = CatalogRecord.class, name = "catalog"),
        @JsonSubTypes.Type(value = BackupEvent.Summary.class, name = "summary")})
public sealed interface BackupEvent permits BackupEvent.Stage, ProgressEvent, BackupEvent.Warning, BackupEvent.Pack,
        BackupEvent.Resumed, CatalogRecord, BackupEvent.Summary {

    /** The line's kind, as written; each record fixes its own. */
    String type();

    /** The job entered a stage. */
    record Stage(String type, JobStage stage) implements BackupEvent {
        public Stage {
            type = "stage";
            Objects.requireNonNull(stage, "stage is required");
            if (!stage.reportedByAgent()) {
                throw new IllegalArgumentException("stage " + stage + " is the console's own; a backup reports one of "
                        + JobStage.agentStages());
            }
        }

        public Stage(JobStage stage) {
            this("stage", stage);
        }
    }

    /** An item the backup could not include (it goes on with the rest), and why. */
    record Warning(String type, String path, String message) implements BackupEvent {
        public Warning {
            type = "warning";
        }

        public Warning(String path, String message) {
            this("warning", path, message);
        }
    }

    /** A pack was uploaded. */
    record Pack(String type, String id, int bytes, int chunks) implements BackupEvent {
        public Pack {
            type = "pack";
        }

        public Pack(String id, int bytes, int chunks) {
            this("pack", id, bytes, chunks);
        }
    }

    /** Packs of an interrupted run found stored but unindexed, and indexed instead of uploaded again. */
    record Resumed(String type, int packs) implements BackupEvent {
        public Resumed {
            type = "resumed";
        }

        public Resumed(int packs) {
            this("resumed", packs);
        }
    }

    /** The command's end: its exit code and what it did (the command's own statistics record). */
    record Summary(String type, String command, int exitCode, Object detail) implements BackupEvent {
        public Summary {
            type = "summary";
        }

        public Summary(String command, int exitCode, Object detail) {
            this("summary", command, exitCode, detail);
        }
    }

    /** Reads lines: a field a newer writer added is ignored; a missing number reads as 0. */
    JsonMapper READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /**
     * One line as an event.
     *
     * @throws IllegalArgumentException naming what is wrong: not JSON, an unknown type, a stage not in {@link JobStage}
     */
    static BackupEvent parse(String line) {
        try {
            BackupEvent event = READER.readValue(line, BackupEvent.class);
            if (event == null) {
                throw new IllegalArgumentException("an empty line is not an event");
            }
            return event;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not an event line: " + e.getOriginalMessage(), e);
        }
    }

    /** {@link #parse}, or empty for a line that is not an event (what the JVM itself may print). */
    static Optional<BackupEvent> tryParse(String line) {
        try {
            return Optional.of(parse(line));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
