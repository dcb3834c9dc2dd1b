package io.vaultfleet.agent.cli;

import java.io.PrintWriter;

import io.vaultfleet.agent.repo.Json;

/** Writes records as one JSON object per line (for the console and scripts). */
final class JsonLines {
    private final PrintWriter out;

    JsonLines(PrintWriter out) {
        this.out = out;
    }

    synchronized void emit(Object record) {
        out.println(Json.MAPPER.writeValueAsString(record));
        out.flush();
    }

    record PackEvent(String type, String id, int bytes, int chunks) {
    }

    /** Packs of an interrupted run found stored but unindexed, and indexed instead of uploaded again. */
    record AdoptedEvent(String type, int packs) {
    }

    /** The job entered a stage: {@code PRECHECK}, {@code SNAPSHOT}, {@code UPLOAD} or {@code FINALIZE}. */
    record StageEvent(String type, String stage) {
    }

    record WarningEvent(String type, String path, String message) {
    }

    record SummaryEvent(String type, String command, int exitCode, Object detail) {
    }
}
