package io.vaultfleet.agent.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * The service's next backup process, started and warmed up before a job needs it ({@code fleet-agent standby},
 * {@code cli.StandbyCommand}). It becomes the job's process when its backup command line is handed over; until then it
 * only waits. A standby that fails its warm-up, dies, or is not ready yet is simply not used: the job starts a process
 * of its own, as without a standby.
 */
public final class Standby implements AutoCloseable {
    /** The line the standby process ({@code fleet-agent standby}) prints when it is warm and waits for its backup. */
    public static final String READY = "{\"type\":\"standby-ready\"}";

    private static final Logger log = LoggerFactory.getLogger(Standby.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final BufferedReader out;
    private final ChildErrors errors;
    private final CompletableFuture<Boolean> ready = new CompletableFuture<>();
    private volatile boolean stopping;

    private Standby(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.errors = ChildErrors.drain(process);
        Thread.ofVirtual().name("standby-ready").start(this::awaitReady);
    }

    /** Starts {@code agentCommand standby --home <home>}; it warms up in the background. */
    static Standby start(List<String> agentCommand, Path home) throws IOException {
        List<String> command = new ArrayList<>(agentCommand);
        command.addAll(List.of("standby", "--home", home.toString()));
        return new Standby(new ProcessBuilder(command).start());
    }

    private void awaitReady() {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (READY.equals(line.strip())) {
                    ready.complete(true);
                    return;
                }
            }
        } catch (IOException e) {
            // the process ended or was stopped
        }
        ready.complete(false);
        try {
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() != 0 && !stopping) {
                errors.awaitEnd();
                log.warn("standby backup process not ready (exit code {}): {}; backups start a process of their own",
                        process.exitValue(), errors.text().isEmpty() ? "no message" : errors.text());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether it is warm and waiting for a backup. */
    boolean isReady() {
        return ready.getNow(false) && process.isAlive();
    }

    /** Whether it is still warming up. */
    boolean isWarming() {
        return !ready.isDone() && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Hands over the backup's arguments ({@code backup --json ...}): from now on the process is the job's. Returns
     * null, and stops this standby, when it is not ready or cannot take them.
     */
    ChildProcesses.Launched handOff(List<String> backupArguments) {
        if (!isReady()) {
            close();
            return null;
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write((JSON.writeValueAsString(backupArguments) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.debug("standby backup process could not take its job: {}", e.getMessage());
            close();
            return null;
        }
        return new ChildProcesses.Launched(process, out, errors);
    }

    /**
     * Stops it when it was not handed over (service shutdown, or a job that could not use it), waiting a few seconds
     * for it to end: a service that stops for an upgrade leaves no process holding the old jar.
     */
    @Override
    public void close() {
        stopping = true;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
