package io.vaultfleet.agent.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.protocol.JobProgress;

/** The registry of jobs in flight: one per item at a time, each with its process and the last progress sent. */
final class RunningJobs {
    private static final Logger log = LoggerFactory.getLogger(RunningJobs.class);

    /** One job in flight: the item it holds, its child process once started, and the last progress sent. */
    static final class Running {
        final JobRequest request;
        volatile Process process;
        volatile String cancelledBy;
        volatile JobProgress last;

        Running(JobRequest request) {
            this.request = request;
        }
    }

    private final Map<String, Running> byItem = new ConcurrentHashMap<>();

    /** Registers the job; false (and nothing registered) when a job of the same item runs already. */
    boolean claim(Running job) {
        return byItem.putIfAbsent(job.request.item(), job) == null;
    }

    void release(Running job) {
        byItem.remove(job.request.item(), job);
    }

    Optional<Running> withJobId(String jobId) {
        return byItem.values().stream().filter(job -> job.request.jobId().equals(jobId)).findFirst();
    }

    boolean isEmpty() {
        return byItem.isEmpty();
    }

    /**
     * Sends each running job's last progress again: only a backup that still runs is vouched for, a dead one must not
     * look alive to the console.
     */
    void repeatLastProgress(Consumer<JobProgress> progress) {
        for (Running job : byItem.values()) {
            JobProgress last = job.last;
            Process process = job.process;
            if (last != null && (process == null || process.isAlive())) {
                try {
                    progress.accept(last);
                } catch (RuntimeException e) {
                    log.debug("keep-alive not sent: {}", e.getMessage());
                }
            }
        }
    }
}
