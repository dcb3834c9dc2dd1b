package io.vaultfleet.agent.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobProgress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs Back Up Now requests: one backup per item at a time (a second request for the same item is refused with the
 * reason), each in a child process whose progress lines become {@link JobProgress} messages and whose end becomes a
 * reliable {@link JobFinished}.
 */
public final class BackupJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackupJobs.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> agentCommand;
    private final Path home;
    private final Outbox outbox;
    private final Consumer<JobProgress> progress;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backup-job");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param agentCommand how to start this agent ({@code java -jar fleet-agent.jar}), the job's arguments follow
     * @param progress     where progress goes (the channel, when connected)
     */
    public BackupJobs(List<String> agentCommand, Path home, Outbox outbox, Consumer<JobProgress> progress) {
        this.agentCommand = List.copyOf(agentCommand);
        this.home = home;
        this.outbox = outbox;
        this.progress = progress;
    }

    /** How to start this very agent again: the running jar, or this JVM's class path (tests, IDE). */
    public static List<String> thisAgent() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a backup is a short process with a small heap: the serial collector costs ~10% less CPU than G1 there and
        // keeps a lower peak RSS (measured in bench/RESULTS.md, decision 011)
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Djdk.httpclient.allowRestrictedHeaders=content-length", "-Xmx512m", "-XX:+UseSerialGC"));
        var jar = io.vaultfleet.agent.upgrade.Upgrader.runningJar();
        if (jar.isPresent()) {
            command.addAll(List.of("-jar", jar.get().toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vaultfleet.agent.AgentMain"));
        }
        return command;
    }

    /** Starts the job in the background; returns at once. */
    public void start(BackupNow request) {
        if (!running.add(request.item())) {
            finish(request.jobId(), "FAILED", "a backup of " + request.item() + " is already running on this server; "
                    + "this request was not started", null, 0, 0, 0);
            return;
        }
        workers.execute(() -> {
            try {
                run(request);
            } finally {
                running.remove(request.item());
            }
        });
    }

    private void run(BackupNow request) {
        List<String> command = new ArrayList<>(agentCommand);
        command.addAll(List.of("backup", "--json", "--home", home.toString()));
        switch (request.item()) {
            case "SYSTEM_CONFIGURATION" -> command.add("--system-configuration");
            case "SYSTEM_STATE" -> command.addAll(List.of("--system-state", "--staging-volume",
                    home.resolve("system-state-staging").toString()));
            default -> command.addAll(request.paths());
        }
        log.info("job {}: backing up {}", request.jobId(), request.item());
        progress.accept(new JobProgress(request.jobId(), "PRECHECK", 0, 0, -1, 0));
        String recoveryPointId = null;
        long files = 0;
        long bytes = 0;
        long stored = 0;
        List<String> warnings = new ArrayList<>();
        StringBuilder errors = new StringBuilder();
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Thread drainErrors = Thread.ofVirtual().start(() -> {
                try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = err.readLine()) != null; ) {
                        if (errors.length() < 4000) {
                            errors.append(line).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    JsonNode event;
                    try {
                        event = JSON.readTree(line);
                    } catch (RuntimeException e) {
                        continue;
                    }
                    switch (event.path("type").asString("")) {
                        case "progress" -> {
                            files = event.path("filesDone").asLong();
                            bytes = event.path("bytesDone").asLong();
                            progress.accept(new JobProgress(request.jobId(), "UPLOAD", files, bytes,
                                    event.path("totalsKnown").asBoolean() ? event.path("bytesTotal").asLong() : -1,
                                    event.path("bytesPerSecond").asLong()));
                        }
                        case "catalog" -> {
                            recoveryPointId = event.path("recoveryPointId").asString(null);
                            stored = event.path("storedBytesAdded").asLong();
                        }
                        case "warning" -> warnings.add(event.path("path").asString("") + ": " + event.path("message").asString(""));
                        default -> { }
                    }
                }
            }
            int code = process.waitFor();
            drainErrors.join();
            progress.accept(new JobProgress(request.jobId(), "FINALIZE", files, bytes, bytes, 0));
            if (code == 0) {
                finish(request.jobId(), "COMPLETED", "", recoveryPointId, files, bytes, stored);
            } else if (code == 3 && recoveryPointId != null) {
                finish(request.jobId(), "COMPLETED_WITH_WARNINGS", warnings.size() + " path(s) not backed up: "
                        + String.join("; ", warnings.stream().limit(20).toList()), recoveryPointId, files, bytes, stored);
            } else {
                String reason = errors.toString().strip();
                finish(request.jobId(), "FAILED", reason.isEmpty() ? "the backup exited with code " + code : reason,
                        recoveryPointId, files, bytes, stored);
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            finish(request.jobId(), "FAILED", "could not run the backup: " + e.getMessage(), null, files, bytes, stored);
        }
    }

    private void finish(String jobId, String outcome, String detail, String recoveryPointId, long files, long bytes,
                        long stored) {
        log.info("job {} {}{}", jobId, outcome, detail.isEmpty() ? "" : ": " + detail);
        outbox.enqueue(new JobFinished(UUID.randomUUID().toString(), jobId, outcome, detail, recoveryPointId, files,
                bytes, stored));
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
