package io.vaultfleet.agent.recovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.RestoreListener;
import io.vaultfleet.agent.restore.RestoreProblem;
import io.vaultfleet.agent.restore.RestoreResult;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.RecoveryMode;
import io.vaultfleet.protocol.RestoreStart;
import io.vaultfleet.protocol.SkippedItem;

/**
 * Restore jobs from the console ({@code restore-start}): PRECHECK, RESTORE, FINALIZE as {@code job-progress} about
 * once a second, then a reliable {@code job-finished} naming the point restored and the items not restored.
 *
 * <p>In the agent's process, not a child process as backups are: the session's repository is open here (another
 * server's passphrase was opened in this process and zeroed; handing it to a child would mean a second copy), and
 * a restore's memory is its plan plus a few pack buffers. Cancel interrupts the job's thread: the restore stops
 * fetching, files already written stay, files begun are marked {@code .vaultfleet-incomplete}.
 *
 * <p>A restore and a backup of the same server may run at once: the restore only reads the repository (a backup
 * adds packs, index files and a snapshot under new names and never rewrites what a restore reads), and the
 * restore's session has its own repository object. A backup that reads files a restore is writing sees them as any
 * changing file (the next backup has them whole). {@code RestoreJobsTest} runs a backup in the middle of a restore.
 */
public final class RestoreJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RestoreJobs.class);
    /** How often a running restore's progress goes to the console. */
    public static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    /** One restore in flight. */
    private static final class Running {
        final RestoreStart request;
        volatile Thread thread;
        volatile String cancelledBy;
        volatile JobStage stage = JobStage.PRECHECK;
        volatile long files;
        volatile long bytes;
        volatile long total = -1;
        long lastBytes;
        final Skipped skipped = new Skipped();

        Running(RestoreStart request) {
            this.request = request;
        }
    }

    private final RecoverySessions sessions;
    private final Outbox outbox;
    private final Consumer<JobProgress> progress;
    private final SystemStateJobStep systemState;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "restore-job");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "restore-progress");
        t.setDaemon(true);
        return t;
    });

    public RestoreJobs(RecoverySessions sessions, Outbox outbox, Consumer<JobProgress> progress,
                       SystemStateJobStep systemState) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.progress = progress;
        this.systemState = systemState;
        ticker.scheduleWithFixedDelay(this::tick, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts the restore in the background; returns at once. */
    public void start(RestoreStart request) {
        Running job = new Running(request);
        if (running.putIfAbsent(request.jobId(), job) != null) {
            log.warn("job {}: a restore with this id runs already; the repeated request is ignored", request.jobId());
            return;
        }
        workers.execute(() -> {
            job.thread = Thread.currentThread();
            if (job.cancelledBy != null) {
                Thread.currentThread().interrupt(); // cancelled before it began: it stops at its first wait
            }
            try {
                run(job);
            } finally {
                running.remove(request.jobId());
                job.thread = null;
                Thread.interrupted(); // a cancel that came late must not reach the next job on this thread
            }
        });
    }

    /** Cancels a running restore; false when no restore with that id runs here. */
    public boolean cancel(String jobId, String by) {
        Running job = running.get(jobId);
        if (job == null) {
            return false;
        }
        job.cancelledBy = by == null || by.isEmpty() ? "the console" : by;
        log.info("job {}: restore cancelled by {}", jobId, job.cancelledBy);
        Thread thread = job.thread;
        if (thread != null) {
            thread.interrupt();
        }
        return true;
    }

    private void tick() {
        for (Running job : running.values()) {
            long bytes = job.bytes;
            long rate = Math.max(0, (bytes - job.lastBytes) * 1000 / PROGRESS_EVERY.toMillis());
            job.lastBytes = bytes;
            send(job, rate);
        }
    }

    private void send(Running job, long rate) {
        try {
            progress.accept(new JobProgress(job.request.jobId(), job.stage, job.files, job.bytes, job.total, rate));
        } catch (RuntimeException e) {
            log.debug("progress not sent: {}", e.getMessage());
        }
    }

    private void run(Running job) {
        RestoreStart request = job.request;
        String sessionId = request.sessionId();
        send(job, 0);
        var session = sessions.opened(sessionId);
        if (session.isEmpty()) {
            finish(request.jobId(), JobOutcome.FAILED, "the recovery session is not open on this agent (it expired, "
                    + "was closed, or the agent restarted): start the recovery again", request.recoveryPointId(), 0, 0,
                    new Skipped());
            return;
        }
        session.get().jobStarted();
        try {
            Repository repo = session.get().repository();
            String pointId = repo.resolveSnapshot(request.recoveryPointId());
            Path target = precheck(request, repo, pointId);
            job.stage = JobStage.RESTORE;
            send(job, 0);
            RestoreListener listener = new RestoreListener() {
                @Override
                public void progress(long filesDone, long bytesDone, long bytesTotal) {
                    job.files = filesDone;
                    job.bytes = bytesDone;
                    job.total = bytesTotal;
                }

                @Override
                public void skipped(String path, String reason) {
                    job.skipped.add(new SkippedItem(path, reason));
                }
            };
            RestoreResult result = new Restorer(repo).restore(new Restorer.Options(pointId, request.items(), target,
                    Math.max(2, Runtime.getRuntime().availableProcessors() + 1), request.conflict(),
                    request.restorePermissions(), listener));
            boolean cancelled = Thread.interrupted() || job.cancelledBy != null;
            job.stage = JobStage.FINALIZE;
            send(job, 0);
            for (RestoreProblem problem : result.problems()) {
                for (String file : problem.affectedFiles()) {
                    job.skipped.add(new SkippedItem(file, problem.what()));
                }
            }
            if (cancelled) {
                finish(request.jobId(), JobOutcome.CANCELLED, "cancelled by " + job.cancelledBy + " during the "
                        + "restore: " + result.files() + " file(s) were planned, " + job.files + " written in full "
                        + "stay; files begun are named <name>" + Restorer.INCOMPLETE_SUFFIX, pointId, job.files,
                        result.bytes(), job.skipped);
                return;
            }
            String detail = "";
            if (request.mode() == RecoveryMode.SYSTEM_STATE) {
                SystemStateJobStep.Outcome outcome = systemState.afterRestore(repo, pointId, target,
                        request.runSystemStateRecovery());
                if (!outcome.succeeded()) {
                    finish(request.jobId(), JobOutcome.FAILED, outcome.detail(), pointId, result.files(),
                            result.bytes(), job.skipped);
                    return;
                }
                detail = outcome.detail();
            }
            List<String> warnings = result.warnings();
            boolean clean = job.skipped.isEmpty() && warnings.isEmpty();
            StringBuilder text = new StringBuilder(detail);
            if (!job.skipped.isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n").append(job.skipped.count()).append(" item(s) not restored");
            }
            if (!warnings.isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n").append(warnings.size()).append(" warning(s): ")
                        .append(String.join("; ", warnings.stream().limit(20).toList()));
            }
            finish(request.jobId(), clean ? JobOutcome.COMPLETED : JobOutcome.COMPLETED_WITH_WARNINGS, text.toString(),
                    pointId, result.files(), result.bytes(), job.skipped);
        } catch (IOException | RuntimeException e) {
            String reason = Secrets.redact(e.getMessage() == null ? e.toString() : e.getMessage());
            finish(request.jobId(), job.cancelledBy != null ? JobOutcome.CANCELLED : JobOutcome.FAILED,
                    (job.cancelledBy != null ? "cancelled by " + job.cancelledBy + ": " : "the restore failed: ")
                            + reason, request.recoveryPointId(), job.files, job.bytes, job.skipped);
        } catch (InterruptedException e) {
            finish(request.jobId(), JobOutcome.CANCELLED, "cancelled by " + job.cancelledBy + " before data was "
                    + "written", request.recoveryPointId(), job.files, job.bytes, job.skipped);
        } finally {
            sessions.workEnded(session.get());
            sessions.close(sessionId); // the session ends with its job: key and passphrase-derived key forgotten
        }
    }

    /** Checks what can be checked before anything is written; the folder the restore writes below (null: original). */
    private Path precheck(RestoreStart request, Repository repo, String pointId) throws IOException {
        String item = repo.readSnapshotHeader(pointId).item();
        if (request.mode() == RecoveryMode.SYSTEM_STATE) {
            if (!"SYSTEM_STATE".equals(item)) {
                throw new IllegalArgumentException("recovery point " + pointId.substring(0, 8) + " is a " + item
                        + " point, not System State");
            }
            return systemState.stagingFolder(request.systemStateVolume(), request.jobId());
        }
        if (request.mode() == RecoveryMode.SYSTEM_CONFIGURATION && request.destination() == null) {
            throw new IllegalArgumentException("a system configuration point is restored to a folder, never over the "
                    + "live configuration: choose another location");
        }
        if (request.destination() == null) {
            return null;
        }
        Path target = Path.of(request.destination()).toAbsolutePath();
        Files.createDirectories(target);
        if (!Files.isWritable(target)) {
            throw new IOException("the destination " + target + " is not writable by the agent");
        }
        return target;
    }

    private void finish(String jobId, JobOutcome outcome, String detail, String pointId, long files, long bytes,
                        Skipped skipped) {
        JobFinished.Listing listing = skipped.listing();
        JobFinished result = new JobFinished(deliveryId(jobId), jobId, outcome, detail, pointId, files, bytes, 0,
                listing.listed(), listing.notListed());
        log.info("job {} {}{}", jobId, outcome, detail.isEmpty() ? "" : ": " + detail);
        outbox.enqueue(result);
    }

    private static String deliveryId(String jobId) {
        return UUID.nameUUIDFromBytes(("job-finished:" + jobId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The first items not restored, and how many more. */
    private static final class Skipped {
        private final List<SkippedItem> first = new ArrayList<>();
        private long more;

        synchronized void add(SkippedItem item) {
            if (first.size() < JobFinished.MAX_SKIPPED_LISTED) {
                first.add(item);
            } else {
                more++;
            }
        }

        synchronized JobFinished.Listing listing() {
            JobFinished.Listing capped = JobFinished.listing(first);
            return new JobFinished.Listing(capped.listed(), capped.notListed() + more);
        }

        synchronized long count() {
            return first.size() + more;
        }

        synchronized boolean isEmpty() {
            return first.isEmpty();
        }
    }

    @Override
    public void close() {
        running.keySet().forEach(id -> cancel(id, "the agent stopping"));
        ticker.shutdownNow();
        workers.shutdownNow();
    }
}
