package io.vaultfleet.agent.jobs;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vaultfleet.agent.upgrade.Upgrader;

/**
 * Starting and stopping the agent's child processes: how to start this agent again, the JVM options a backup process
 * gets, a job's {@code backup} command line, and stopping a process with its helpers.
 */
public final class ChildProcesses {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private ChildProcesses() {
    }

    /** A started backup process: its standard output as lines, its standard error as it is read. */
    record Launched(Process process, BufferedReader out, ChildErrors errors) {
    }

    /** What a child process reads as standard input: nothing ({@code NUL} on Windows, {@code /dev/null} elsewhere). */
    static File nullDevice() {
        return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** How to start this very agent again: the running jar, or this JVM's class path (tests, IDE). */
    public static List<String> thisAgent() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions());
        var jar = Upgrader.runningJar();
        if (jar.isPresent()) {
            command.addAll(List.of("-jar", jar.get().toString()));
        } else {
            // by name, not AgentMain.class: the entry point is the one class above every layer (docs/agent-architecture.md)
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vaultfleet.agent.AgentMain"));
        }
        return command;
    }

    /** The JVM options backup and restore processes start with ({@link #thisAgent()}; bench/run.sh uses them too). */
    public static List<String> jvmOptions() {
        // a backup is a short process with a small heap: the serial collector costs ~10% less CPU than G1 there and
        // keeps a lower peak RSS (decision 015). The JVM's own messages (e.g. a startup cache it cannot use) go to
        // standard error: standard output carries the backup's JSON lines.
        // What sets the peak RSS is not the cap but what reaches the old generation (decision 033): the serial
        // collector grows the old generation up to the cap before it runs a full collection, so every object
        // promoted and then dropped stays resident. With -Xms16m the young generation started at ~5 MiB and stayed
        // so until the first full collection: nearly every object was promoted (the key derivation's 46 MiB, the
        // spool's and the walk's batches) and the heap grew to its 320 MiB cap. A fixed 24 MiB young generation lets
        // those die young (-Xms40m: an initial heap that holds it): with it, the full collection after the key
        // derivation and host/OldGenerationBound, a 4 GiB first backup peaked at 297-301 MiB instead of 411 (same
        // code and data). The cap stays as the bound for what is not measured here.
        // -XX:-ShrinkHeapInSteps: after a full collection the serial collector gives back what the old generation no
        // longer needs at once, not 0 %, then 10 %, then 40 % of it at the following ones: the collection after the
        // key derivation (46 MiB of Argon2id blocks) then returns those pages, and an unchanged backup of 100,000
        // files peaked at 165 MiB instead of 187 (decision 037).
        // Decision 039: the young generation is 12 MiB (-Xms24m holds it): with the key derivation's 19 MiB (new
        // repositories) and smaller batches in flight, 24 MiB kept more resident than it let die young (an unchanged
        // backup of 100,000 tiny files 137 MiB against 140, median of three; 8 MiB promoted more and was no lower).
        // Not -XX:CompileThresholdScaling=5, though it took 4-10 MiB off a short backup of small files (C2 compiled
        // less of what such a run calls a few thousand times): the standby's warm-up then compiles less too, and in
        // the 4 GiB benchmark runs with it the standby's backup after 5% changed missed its speed target (runs
        // without it missed too: decision 039 lists what is still to separate).
        List<String> options = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED", "-Djdk.httpclient.allowRestrictedHeaders=content-length",
                "-Xms24m", "-Xmn12m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:-ShrinkHeapInSteps", "-Xlog:disable",
                "-Xlog:all=warning:stderr"));
        if (Runtime.version().feature() >= 25) {
            // C2 compiled a restore's fetch loop (PackFetcher.fetchSlice with every call it inlines: decryption,
            // decompression, the chunk id's HMAC, the file write) three times with ~38 MiB of compiler arenas each,
            // late in the run when the heap was at its largest: glibc keeps that memory, and the peak RSS with it
            // (decision 036). A compilation that would need more than 20 MiB stops and the method stays compiled by
            // C1, whose code calls the C2-compiled methods it would have inlined: a 4 GiB restore's peak 15 MiB
            // lower, its CPU time no higher. "quiet" first: the JVM would announce the command on standard output,
            // which carries the backup's JSON lines. (MemLimit exists since JDK 22; measured on 25.)
            // Not 8 MiB (decision 039): a short backup of small files then peaked ~4 MiB lower, but the compilations
            // it stops include GaloisCounterMode$GCMDecrypt.doFinal (9.3 MiB), which every backup runs to read the
            // index and the previous recovery point: kept at 20 until its cost to the standby's jobs is measured.
            options.addAll(List.of("-XX:CompileCommand=quiet", "-XX:CompileCommand=MemLimit,*.*,20m~stop"));
            if (System.getProperty("os.name", "").startsWith("Linux")) {
                // native memory glibc keeps after the compiler and the JDK free it goes back to the system every
                // second: a standby waiting for its job (its warm-up's compilations done) held 152 MiB, 134 with it.
                // Linux only: elsewhere the JVM would warn on standard error that it cannot trim
                options.add("-XX:TrimNativeHeapInterval=1000");
            }
        }
        return List.copyOf(options);
    }

    /** The {@code backup --json ...} arguments of one job; every backup gets {@code backupOptions} too. */
    static List<String> backupArguments(JobRequest request, Path home, List<String> backupOptions) {
        List<String> arguments = new ArrayList<>(List.of("backup", "--json", "--home", home.toString()));
        arguments.addAll(backupOptions);
        switch (request.item()) {
            case "SYSTEM_CONFIGURATION" -> arguments.add("--system-configuration");
            case "SYSTEM_STATE" -> arguments.addAll(List.of("--system-state", "--staging-volume",
                    home.resolve("system-state-staging").toString()));
            default -> {
                for (String exclude : request.excludes()) {
                    arguments.add("--exclude=" + exclude);
                }
                // "--": whatever the console sent, a path can never be read as an option of the backup command
                arguments.add("--");
                arguments.addAll(request.paths());
            }
        }
        return arguments;
    }

    /** A new process running {@code command}, reading nothing from standard input. */
    static Launched start(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        return new Launched(process, new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), ChildErrors.drain(process));
    }

    /** The backup process first (so it cannot carry on once a helper it waits for is gone), then its helpers. */
    static void stop(ProcessHandle process) {
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        helpers.forEach(ProcessHandle::destroy);
        try {
            process.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
