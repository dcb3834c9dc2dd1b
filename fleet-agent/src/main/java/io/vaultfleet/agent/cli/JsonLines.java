package io.vaultfleet.agent.cli;

import java.io.PrintWriter;

import io.vaultfleet.agent.backup.BackupEvent;
import io.vaultfleet.agent.repo.Json;

/**
 * Writes one JSON object per line (for the agent service and scripts). What a backup writes is a {@link BackupEvent},
 * which the service parses back into the same records; {@code list --json} writes catalog records.
 */
final class JsonLines {
    private final PrintWriter out;

    JsonLines(PrintWriter out) {
        this.out = out;
    }

    void emit(BackupEvent event) {
        write(event);
    }

    /** A row of a listing ({@code list --json}), which no service reads back. */
    void emitRow(Record row) {
        write(row);
    }

    private synchronized void write(Object line) {
        out.println(Json.MAPPER.writeValueAsString(line));
        out.flush();
    }
}
