package io.vaultfleet.agent.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.backup.BackupEvent;
import io.vaultfleet.agent.backup.CatalogRecord;
import io.vaultfleet.agent.backup.ProgressEvent;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.JobStarted;
import io.vaultfleet.protocol.SkippedItem;
import io.vaultfleet.protocol.policy.AgentPolicy;

/**
 * Runs Back Up Now requests and scheduled backups: one backup per item at a time (a second request for the same
 * item is refused with the reason), each in a child process whose progress lines become {@link JobProgress} messages
 * and whose end becomes a reliable {@link JobFinished}.
 *
 * <p>Its parts: {@link RunningJobs} (the jobs in flight), {@link ChildProcesses} (starting and stopping the backup
 * processes), {@link JobMarkers} (a marker per running job, so that a restarted agent reports the jobs it lost:
 * {@link #reconcileInterrupted()}) and {@link WarmStandby} (a warm process waiting for the next job). While a job
 * runs without news (a long precheck such as {@code sfc /verifyonly}) its last progress is repeated every
 * {@link #KEEP_ALIVE}, so the console can tell a quiet job from a stalled one.
 */
public final class BackupJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackupJobs.class);
    /** How often a running job's progress is repeated when nothing changed. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    /** How long after a job the next standby process starts. */
    static final Duration STANDBY_AFTER_JOB = Duration.ofSeconds(10);

    private final List<String> agentCommand;
    private final List<String> backupOptions;
    private final Path home;
    private final Outbox outbox;
    private final Consumer<JobProgress> progress;
    private final RunningJobs running = new RunningJobs();
    /** The last 1,000 Back Up Now job ids received, oldest first: each runs once however often it is sent. */
    private final Set<String> requestedJobs = new LinkedHashSet<>();
    private final JobMarkers markers;
    private final WarmStandby standby;
    private volatile StartupCache startupCache;
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

    private BackupJobs(List<String> agentCommand, Path home, Outbox outbox, Consumer<JobProgress> progress,
                       Duration keepAliveEvery, List<String> backupOptions) {
        this.backupOptions = List.copyOf(backupOptions);
        this.agentCommand = List.copyOf(agentCommand);
        this.home = home;
        this.markers = new JobMarkers(home);
        this.outbox = outbox;
        this.progress = progress;
        this.standby = new WarmStandby(keepAlive, this::currentAgentCommand, home, () -> !running.isEmpty());
        keepAlive.scheduleWithFixedDelay(() -> running.repeatLastProgress(progress), keepAliveEvery.toMillis(),
                keepAliveEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Backups from now on start with {@code cache}'s JVM cache when it is ready (built from the same agent command). */
    public void useStartupCache(StartupCache cache) {
        this.startupCache = cache;
    }

    private List<String> currentAgentCommand() {
        StartupCache cache = startupCache;
        return cache != null ? cache.command() : agentCommand;
    }

    /** How to start this very agent again ({@link ChildProcesses#thisAgent()}). */
    public static List<String> thisAgent() {
        return ChildProcesses.thisAgent();
    }

    /** The JVM options backup and restore processes start with ({@link ChildProcesses#jvmOptions()}; bench uses them). */
    public static List<String> jvmOptions() {
        return ChildProcesses.jvmOptions();
    }

    /**
     * Settles jobs a previous run of the agent left unfinished (it was killed, crashed or restarted mid-job): an
     * orphaned backup process still running is stopped, and each job is reported as failed with the reason. Call
     * once at start, before taking new jobs.
     */
    public void reconcileInterrupted() {
        markers.reconcile(marker -> finish(marker.jobId(), JobOutcome.FAILED, "interrupted: the agent stopped while "
                + "this job ran (restart, crash or shutdown at " + marker.startedAt() + " or later). Nothing is lost: "
                + "data already uploaded is reused by the next backup.", null, 0, 0, 0));
    }

    /**
     * Back Up Now: starts the job in the background; returns at once. A job id received again (a console node that
     * was not told the first one arrived sends it once more: docs/decisions/031) is ignored: a job runs once.
     */
    public void start(BackupNow request) {
        synchronized (requestedJobs) {
            if (!requestedJobs.add(request.jobId())) {
                log.info("job {}: Back Up Now received again; this job was already taken here, so it is not started twice",
                        request.jobId());
                return;
            }
            if (requestedJobs.size() > 1_000) {
                requestedJobs.remove(requestedJobs.iterator().next());
            }
        }
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
        RunningJobs.Running job = new RunningJobs.Running(request);
        if (!running.claim(job)) {
            finish(request.jobId(), JobOutcome.FAILED, "a backup of " + request.item() + " is already running on this server; "
                    + "this request was not started", null, 0, 0, 0);
            return;
        }
        workers.execute(() -> {
            try {
                run(job);
            } finally {
                running.release(job);
                standby.jobEnded();
            }
        });
    }

    /**
     * Stops job {@code jobId} if it runs here: its process is stopped and the job reported {@code CANCELLED}.
     *
     * @return false when no such job runs (it ended already, or never ran on this agent)
     */
    public boolean cancel(String jobId, String by) {
        var found = running.withJobId(jobId);
        if (found.isEmpty()) {
            log.info("job {}: cancel requested, but it does not run here; ignored", jobId);
            return false;
        }
        RunningJobs.Running job = found.get();
        log.info("job {}: cancelled by {}", jobId, by.isEmpty() ? "the console" : by);
        job.cancelledBy = by.isEmpty() ? "the console" : by;
        Process process = job.process;
        if (process != null) {
            workers.execute(() -> ChildProcesses.stop(process.toHandle()));
        }
        return true;
    }

    private void send(RunningJobs.Running job, JobProgress p) {
        job.last = p;
        progress.accept(p);
    }

    private void run(RunningJobs.Running job) {
        JobRequest request = job.request;
        List<String> arguments = ChildProcesses.backupArguments(request, home, backupOptions);
        log.info("job {}: backing up {}", request.jobId(), request.item());
        send(job, new JobProgress(request.jobId(), JobStage.PRECHECK, 0, 0, -1, 0));
        JobStage stage = JobStage.PRECHECK;
        String recoveryPointId = null;
        long files = 0;
        long bytes = 0;
        long stored = 0;
        Skipped skipped = new Skipped();
        try {
            ChildProcesses.Launched launched = launch(arguments);
            Process process = launched.process();
            job.process = process;
            markers.write(request.jobId(), request.item(), process);
            if (job.cancelledBy != null) {
                ChildProcesses.stop(process.toHandle());
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
            markers.remove(request.jobId());
        }
    }

    /**
     * The job's process: the standby, when one is warm and waiting, else a new process. The standby is taken by one
     * job only; a second job at the same time starts its own process.
     */
    private ChildProcesses.Launched launch(List<String> arguments) throws IOException {
        ChildProcesses.Launched warm = standby.take(arguments);
        if (warm != null) {
            log.info("backup runs in the standby process {}", warm.process().pid());
            return warm;
        }
        List<String> command = new ArrayList<>(currentAgentCommand());
        command.addAll(arguments);
        return ChildProcesses.start(command);
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
        standby.keep(after, afterJob);
    }

    /** The standby process's pid while one is ready and waiting. */
    public OptionalLong standbyPid() {
        return standby.pid();
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
        standby.close();
        keepAlive.shutdownNow();
        workers.shutdownNow();
    }
}
