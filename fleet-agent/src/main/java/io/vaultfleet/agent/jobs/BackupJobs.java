package io.vaultfleet.agent.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.backup.BackupEvent;
import io.vaultfleet.agent.backup.CatalogRecord;
import io.vaultfleet.agent.backup.ProgressEvent;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.SkippedItem;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStarted;
import io.vaultfleet.protocol.policy.AgentPolicy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs Back Up Now requests and scheduled backups: one backup per item at a time (a second request for the same
 * item is refused with the reason), each in a child process whose progress lines become {@link JobProgress} messages and whose end becomes a
 * reliable {@link JobFinished}.
 *
 * <p>Each running job leaves a marker in {@code <home>/jobs/} (job id, item, the child's pid) until its result is in
 * the outbox. An agent that was killed or restarted mid-job finds the markers when it starts again
 * ({@link #reconcileInterrupted()}): it stops an orphaned child and reports the job as failed, so the console never
 * waits for a job nobody runs. While a job runs without news (a long precheck such as {@code sfc /verifyonly}) its
 * last progress is repeated every {@link #KEEP_ALIVE}, so the console can tell a quiet job from a stalled one.
 */
public final class BackupJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackupJobs.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How often a running job's progress is repeated when nothing changed. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final List<String> agentCommand;
    private final List<String> backupOptions;
    private final Path home;
    private final Path markers;
    private final Outbox outbox;
    private final Consumer<JobProgress> progress;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backup-job");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backup-job-keepalive");
        t.setDaemon(true);
        return t;
    });

    /** One job in flight: the item it holds, its child process once started, and the last progress sent. */
    private static final class Running {
        final JobRequest request;
        volatile Process process;
        volatile String cancelledBy;
        volatile JobProgress last;

        Running(JobRequest request) {
            this.request = request;
        }
    }

    /**
     * What a marker file holds. {@code processStartedAt} (when the system tells it) is when the job's process itself
     * started, which for a standby process is long before the job: with the pid it names the process exactly.
     */
    record Marker(String jobId, String item, long pid, Instant startedAt, Instant processStartedAt) {
    }

    /**
     * @param agentCommand how to start this agent ({@code java -jar fleet-agent.jar}), the job's arguments follow
     * @param progress     where progress goes (the channel, when connected)
     */
    public BackupJobs(List<String> agentCommand, Path home, Outbox outbox, Consumer<JobProgress> progress) {
        this(agentCommand, home, outbox, progress, KEEP_ALIVE, List.of());
    }

    /** @param backupOptions options every backup this service runs gets (e.g. the service's upload limit) */
    public BackupJobs(List<String> agentCommand, Path home, Outbox outbox, Consumer<JobProgress> progress,
                      List<String> backupOptions) {
        this(agentCommand, home, outbox, progress, KEEP_ALIVE, backupOptions);
    }

    BackupJobs(List<String> agentCommand, Path home, Outbox outbox, Consumer<JobProgress> progress, Duration keepAliveEvery) {
        this(agentCommand, home, outbox, progress, keepAliveEvery, List.of());
    }

    private volatile StartupCache startupCache;
    private final java.util.concurrent.atomic.AtomicReference<Standby> standby = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile boolean keepStandby;
    private volatile boolean closed;
    private volatile Duration standbyAfterJob = STANDBY_AFTER_JOB;
    /** How long after a job the next standby process starts. */
    static final Duration STANDBY_AFTER_JOB = Duration.ofSeconds(10);

    private BackupJobs(List<String> agentCommand, Path home, Outbox outbox, Consumer<JobProgress> progress,
                       Duration keepAliveEvery, List<String> backupOptions) {
        this.backupOptions = List.copyOf(backupOptions);
        this.agentCommand = List.copyOf(agentCommand);
        this.home = home;
        this.markers = home.resolve("jobs");
        this.outbox = outbox;
        this.progress = progress;
        keepAlive.scheduleWithFixedDelay(this::repeatProgress, keepAliveEvery.toMillis(), keepAliveEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Backups from now on start with {@code cache}'s JVM cache when it is ready (built from the same agent command). */
    public void useStartupCache(StartupCache cache) {
        this.startupCache = cache;
    }

    /** What a child process reads as standard input: nothing ({@code NUL} on Windows, {@code /dev/null} elsewhere). */
    static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** How to start this very agent again: the running jar, or this JVM's class path (tests, IDE). */
    public static List<String> thisAgent() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions());
        var jar = io.vaultfleet.agent.upgrade.Upgrader.runningJar();
        if (jar.isPresent()) {
            command.addAll(List.of("-jar", jar.get().toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vaultfleet.agent.AgentMain"));
        }
        return command;
    }

    /** The JVM options backup and restore processes start with ({@link #thisAgent()}; bench/run.sh uses them too). */
    public static List<String> jvmOptions() {
        // a backup is a short process with a small heap: the serial collector costs ~10% less CPU than G1 there and
        // keeps a lower peak RSS (measured in bench/RESULTS.md, decision 015); a small initial heap lets the standby
        // process give the warm-up's memory back while it waits (decision 017), and costs a cold backup no time
        // (measured: unchanged 4 GiB backup 1.38–1.46 s either way, peak RSS 15 MiB lower)
        // the JVM's own messages (e.g. a startup cache it cannot use) go to standard error: standard output carries
        // the backup's JSON lines. The heap cap is what bounds a process's memory: the serial collector lets large
        // short-lived arrays (a restore's pack reads) grow the heap to its cap before a full collection, and the JVM
        // adds ~100–125 MiB (code, metaspace, threads, zstd). Measured peak RSS: self-test 509 MiB with -Xmx384m,
        // 417 MiB with 320m; so 320 MiB keeps every backup and restore process under 512 MiB whatever it handles.
        // The pipeline's buffers are bounded (~140 MiB: packs, chunkers, queue); file and chunk metadata take the
        // rest. bench/run.sh runs the agent with exactly these options (bench AgentJvmOptions).
        return List.of("--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED",
                "-Djdk.httpclient.allowRestrictedHeaders=content-length",
                "-Xms16m", "-Xmx320m", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=warning:stderr");
    }

    /**
     * Settles jobs a previous run of the agent left unfinished (it was killed, crashed or restarted mid-job): an
     * orphaned backup process still running is stopped, and each job is reported as failed with the reason. Call
     * once at start, before taking new jobs.
     */
    public void reconcileInterrupted() {
        if (!Files.isDirectory(markers)) {
            return;
        }
        try (Stream<Path> files = Files.list(markers)) {
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
                finish(marker.jobId(), JobOutcome.FAILED, "interrupted: the agent stopped while this job ran (restart, crash "
                        + "or shutdown at " + marker.startedAt() + " or later). Nothing is lost: data already "
                        + "uploaded is reused by the next backup.", null, 0, 0, 0);
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.warn("cannot read job markers in {}: {}", markers, e.getMessage());
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
        stop(handle.get());
        return true;
    }

    /** The backup process first (so it cannot carry on once a helper it waits for is gone), then its helpers. */
    private static void stop(ProcessHandle process) {
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

    /** One backup to run: from Back Up Now, or from the local schedule (with the policy's exclusions). */
    record JobRequest(String jobId, String item, List<String> paths, List<String> excludes) {
    }

    /** Back Up Now: starts the job in the background; returns at once. */
    public void start(BackupNow request) {
        start(new JobRequest(request.jobId(), request.item(), request.paths(), List.of()));
    }

    /**
     * A backup the local schedule asks for: the agent chooses the job id and first queues a reliable
     * {@link JobStarted}, so the console learns of the job even if it is unreachable now; then it runs like Back Up
     * Now (and is refused the same way while a backup of the item runs). Returns the job id.
     */
    public String startScheduled(AgentPolicy policy, String item, Instant scheduledFor) {
        String jobId = UUID.randomUUID().toString();
        outbox.enqueue(new JobStarted(UUID.randomUUID().toString(), jobId, item, "SCHEDULED", scheduledFor,
                Instant.now(), policy.hash()));
        start(new JobRequest(jobId, item, "FILES_AND_FOLDERS".equals(item) ? policy.include() : List.of(),
                "FILES_AND_FOLDERS".equals(item) ? policy.exclude() : List.of()));
        return jobId;
    }

    private void start(JobRequest request) {
        Running job = new Running(request);
        if (running.putIfAbsent(request.item(), job) != null) {
            finish(request.jobId(), JobOutcome.FAILED, "a backup of " + request.item() + " is already running on this server; "
                    + "this request was not started", null, 0, 0, 0);
            return;
        }
        workers.execute(() -> {
            try {
                run(job);
            } finally {
                running.remove(request.item(), job);
                if (keepStandby && !closed) {
                    scheduleStandby(standbyAfterJob);
                }
            }
        });
    }

    /**
     * Stops job {@code jobId} if it runs here: its process is stopped and the job reported {@code CANCELLED}.
     *
     * @return false when no such job runs (it ended already, or never ran on this agent)
     */
    public boolean cancel(String jobId, String by) {
        for (Running job : running.values()) {
            if (job.request.jobId().equals(jobId)) {
                log.info("job {}: cancelled by {}", jobId, by.isEmpty() ? "the console" : by);
                job.cancelledBy = by.isEmpty() ? "the console" : by;
                Process process = job.process;
                if (process != null) {
                    workers.execute(() -> stop(process.toHandle()));
                }
                return true;
            }
        }
        log.info("job {}: cancel requested, but it does not run here; ignored", jobId);
        return false;
    }

    private void send(Running job, JobProgress p) {
        job.last = p;
        progress.accept(p);
    }

    private void repeatProgress() {
        for (Running job : running.values()) {
            JobProgress last = job.last;
            Process process = job.process;
            // only a backup that still runs is vouched for: a dead one must not look alive to the console
            if (last != null && (process == null || process.isAlive())) {
                try {
                    progress.accept(last);
                } catch (RuntimeException e) {
                    log.debug("keep-alive not sent: {}", e.getMessage());
                }
            }
        }
    }

    /** A started backup process: its standard output as lines, its standard error as it is read. */
    record Launched(Process process, BufferedReader out, ChildErrors errors) {
    }

    private void run(Running job) {
        JobRequest request = job.request;
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
        log.info("job {}: backing up {}", request.jobId(), request.item());
        send(job, new JobProgress(request.jobId(), JobStage.PRECHECK, 0, 0, -1, 0));
        JobStage stage = JobStage.PRECHECK;
        String recoveryPointId = null;
        long files = 0;
        long bytes = 0;
        long stored = 0;
        Skipped skipped = new Skipped();
        Path marker = markers.resolve(request.jobId() + ".json");
        try {
            Launched launched = launch(arguments);
            Process process = launched.process();
            job.process = process;
            writeMarker(marker, new Marker(request.jobId(), request.item(), process.pid(), Instant.now(),
                    process.toHandle().info().startInstant().orElse(null)));
            if (job.cancelledBy != null) {
                stop(process.toHandle());
            }
            try (BufferedReader out = launched.out()) {
                for (String line; (line = out.readLine()) != null; ) {
                    BackupEvent event;
                    try {
                        event = BackupEvent.parse(line);
                    } catch (IllegalArgumentException e) {
                        log.debug("job {}: line of the backup process ignored: {}", request.jobId(), e.getMessage());
                        continue;
                    }
                    switch (event) {
                        case BackupEvent.Stage s -> {
                            stage = s.stage();
                            send(job, new JobProgress(request.jobId(), stage, files, bytes, -1, 0));
                        }
                        case ProgressEvent p -> {
                            files = p.filesDone();
                            bytes = p.bytesDone();
                            // progress comes while files are read; a later stage (waiting, finalize) stays shown
                            if (stage == JobStage.PRECHECK || stage == JobStage.SNAPSHOT) {
                                stage = JobStage.UPLOAD;
                            }
                            send(job, new JobProgress(request.jobId(), stage, files, bytes, p.bytesTotalIfKnown(),
                                    p.bytesPerSecond()));
                        }
                        case CatalogRecord c -> {
                            recoveryPointId = c.recoveryPointId();
                            stored = c.storedBytesAdded();
                        }
                        case BackupEvent.Warning w -> skipped.add(new SkippedItem(w.path(), w.message()));
                        case BackupEvent.Pack p -> { }
                        case BackupEvent.Resumed r -> { }
                        case BackupEvent.Summary summary -> { }
                    }
                }
            }
            int code = process.waitFor();
            launched.errors().awaitEnd();
            if (job.cancelledBy != null && recoveryPointId == null) {
                finish(request.jobId(), JobOutcome.CANCELLED, "cancelled by " + job.cancelledBy + " during "
                        + stage.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + "; no recovery point was made (data already uploaded is reused by the next backup)", null,
                        files, bytes, stored);
                return;
            }
            send(job, new JobProgress(request.jobId(), JobStage.FINALIZE, files, bytes, bytes, 0));
            if (code == 0) {
                finish(request.jobId(), JobOutcome.COMPLETED, "", recoveryPointId, files, bytes, stored);
            } else if (code == 3 && recoveryPointId != null) {
                JobFinished.Listing listing = skipped.listing();
                long count = listing.listed().size() + listing.notListed();
                queue(new JobFinished(deliveryId(request.jobId()), request.jobId(), JobOutcome.COMPLETED_WITH_WARNINGS,
                        count + " path(s) not backed up: " + String.join("; ", listing.listed().stream().limit(20)
                                .map(i -> i.path() + ": " + i.reason()).toList()),
                        recoveryPointId, files, bytes, stored, listing.listed(), listing.notListed()));
            } else {
                String reason = launched.errors().text();
                finish(request.jobId(), JobOutcome.FAILED, reason.isEmpty() ? "the backup exited with code " + code : reason,
                        recoveryPointId, files, bytes, stored);
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            finish(request.jobId(), JobOutcome.FAILED, "could not run the backup: " + e.getMessage(), null, files, bytes, stored);
        } finally {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                log.warn("cannot remove job marker {}: {}", marker, e.getMessage());
            }
        }
    }

    /**
     * The job's process: the standby, when one is warm and waiting, else a new process. The standby is taken by one
     * job only; a second job at the same time starts its own process.
     */
    private Launched launch(List<String> arguments) throws IOException {
        Standby warm = standby.getAndSet(null);
        if (warm != null) {
            Launched launched = warm.handOff(arguments);
            if (launched != null) {
                log.info("backup runs in the standby process {}", launched.process().pid());
                return launched;
            }
        }
        StartupCache cache = startupCache;
        List<String> command = new ArrayList<>(cache != null ? cache.command() : agentCommand);
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        return new Launched(process, new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), ChildErrors.drain(process));
    }

    /**
     * From now on, keeps a warm backup process waiting for the next job ({@code fleet-agent standby}): the first is
     * started after {@code after}, each next one {@link #STANDBY_AFTER_JOB} after a job that used it ended, and none
     * while a job runs (its warm-up would take CPU from the backup). Costs one idle process (measured in decision 017)
     * and a warm-up of a few CPU seconds per job; a job arriving before it is ready runs as without it.
     */
    public void keepStandby(Duration after) {
        keepStandby(after, STANDBY_AFTER_JOB);
    }

    void keepStandby(Duration after, Duration afterJob) {
        standbyAfterJob = afterJob;
        keepStandby = true;
        scheduleStandby(after);
    }

    private void scheduleStandby(Duration after) {
        try {
            keepAlive.schedule(this::prepareStandby, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** The standby process's pid while one is ready and waiting. */
    public java.util.OptionalLong standbyPid() {
        Standby warm = standby.get();
        return warm != null && warm.isReady() ? java.util.OptionalLong.of(warm.pid()) : java.util.OptionalLong.empty();
    }

    private void prepareStandby() {
        if (!keepStandby || closed || !running.isEmpty()) {
            return;
        }
        Standby current = standby.get();
        if (current != null && (current.isReady() || current.isWarming())) {
            return;
        }
        StartupCache cache = startupCache;
        try {
            Standby started = Standby.start(cache != null ? cache.command() : agentCommand, home);
            if (!standby.compareAndSet(current, started)) {
                started.close();
            } else if (current != null) {
                current.close();
            }
        } catch (IOException e) {
            log.warn("standby backup process not started: {}; backups start a process of their own", e.getMessage());
        }
    }

    private void writeMarker(Path marker, Marker content) throws IOException {
        Files.createDirectories(markers);
        Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(content));
        Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Queues the job's result. The delivery id derives from the job id, so a result queued twice (an agent killed
     * between queuing it and removing the job's marker) is stored once by the console.
     */
    private void finish(String jobId, JobOutcome outcome, String detail, String recoveryPointId, long files, long bytes,
                        long stored) {
        queue(new JobFinished(deliveryId(jobId), jobId, outcome, detail, recoveryPointId, files, bytes, stored));
    }

    private void queue(JobFinished result) {
        log.info("job {} {}{}", result.jobId(), result.outcome(), result.detail().isEmpty() ? "" : ": " + result.detail());
        outbox.enqueue(result);
    }

    private static String deliveryId(String jobId) {
        return UUID.nameUUIDFromBytes(("job-finished:" + jobId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The items a backup skipped, as its warning lines name them: the first {@link JobFinished#MAX_SKIPPED_LISTED}
     * kept, the rest only counted, so a backup that skips millions of files holds no more than the report carries.
     */
    static final class Skipped {
        private final List<SkippedItem> first = new ArrayList<>();
        private long more;

        void add(SkippedItem item) {
            if (first.size() < JobFinished.MAX_SKIPPED_LISTED) {
                first.add(item);
            } else {
                more++;
            }
        }

        JobFinished.Listing listing() {
            JobFinished.Listing capped = JobFinished.listing(first);
            return new JobFinished.Listing(capped.listed(), capped.notListed() + more);
        }
    }

    @Override
    public void close() {
        closed = true;
        keepAlive.shutdownNow();
        workers.shutdownNow();
        Standby warm = standby.getAndSet(null);
        if (warm != null) {
            warm.close();
        }
    }
}
