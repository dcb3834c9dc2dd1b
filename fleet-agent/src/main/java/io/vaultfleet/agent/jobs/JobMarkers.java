package io.vaultfleet.agent.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * The markers of running jobs in {@code <home>/jobs/}: one per job (job id, item, the child's pid), from its start
 * until its result is in the outbox. An agent killed or restarted mid-job finds them when it starts again
 * ({@link #reconcile}): an orphaned child is stopped and the job is handed back to be reported as interrupted.
 */
final class JobMarkers {
    private static final Logger log = LoggerFactory.getLogger(JobMarkers.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What a marker file holds. {@code processStartedAt} (when the system tells it) is when the job's process itself
     * started, which for a standby process is long before the job: with the pid it names the process exactly.
     */
    record Marker(String jobId, String item, long pid, Instant startedAt, Instant processStartedAt) {
    }

    private final Path folder;

    JobMarkers(Path home) {
        this.folder = home.resolve("jobs");
    }

    /** The marker of a job whose process has started (replaced atomically). */
    void write(String jobId, String item, Process process) throws IOException {
        Path marker = of(jobId);
        Marker content = new Marker(jobId, item, process.pid(), Instant.now(),
                process.toHandle().info().startInstant().orElse(null));
        Files.createDirectories(folder);
        Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(content));
        Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path of(String jobId) {
        return folder.resolve(jobId + ".json");
    }

    /** Removes job {@code jobId}'s marker, if it was written: its result is in the outbox. */
    void remove(String jobId) {
        Path marker = of(jobId);
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            log.warn("cannot remove job marker {}: {}", marker, e.getMessage());
        }
    }

    /**
     * Settles the jobs a previous run of the agent left: each marker's orphaned process (if it still runs and is
     * ours) is stopped, the marker goes to {@code interrupted} (which reports the job), then it is removed.
     * An unreadable marker is removed with a warning.
     */
    void reconcile(Consumer<Marker> interrupted) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                Marker marker;
                try {
                    marker = JSON.readValue(Files.readString(file), Marker.class);
                } catch (IOException | RuntimeException e) {
                    log.warn("unreadable job marker {} removed: {}", file.getFileName(), e.getMessage());
                    Files.deleteIfExists(file);
                    continue;
                }
                boolean stopped = stopOrphan(marker);
                log.warn("job {} ({}) was interrupted by an agent restart{}", marker.jobId(), marker.item(),
                        stopped ? "; its orphaned backup process was stopped" : "");
                interrupted.accept(marker);
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.warn("cannot read job markers in {}: {}", folder, e.getMessage());
        }
    }

    /**
     * Stops a leftover backup process of ours; a pid reused by an unrelated process is left alone. Ours: the process
     * with that pid started at the instant the marker recorded; for markers without it (written by earlier agents),
     * its command line is our {@code backup --json} or {@code standby}, or, where the system does not tell command
     * lines (Windows), it is a java process started at most 30 seconds before its marker was written. Linux runs in
     * the tests; the start-instant and start-time paths have not run on Windows.
     */
    private static boolean stopOrphan(Marker marker) {
        long pid = marker.pid();
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        ProcessHandle.Info info = handle.get().info();
        Optional<Instant> started = info.startInstant();
        boolean ours;
        if (marker.processStartedAt() != null && started.isPresent()) {
            ours = started.get().toEpochMilli() == marker.processStartedAt().toEpochMilli();
        } else {
            String commandLine = info.commandLine().orElse("");
            Instant markedAt = marker.startedAt();
            ours = commandLine.isEmpty()
                    ? info.command().orElse("").toLowerCase(Locale.ROOT).contains("java") && markedAt != null
                            && started.map(s -> !s.isAfter(markedAt)
                                    && Duration.between(s, markedAt).compareTo(Duration.ofSeconds(30)) < 0).orElse(false)
                    : commandLine.contains(" backup ") && commandLine.contains("--json") || commandLine.contains(" standby ");
        }
        if (!ours) {
            return false;
        }
        ChildProcesses.stop(handle.get());
        return true;
    }
}
