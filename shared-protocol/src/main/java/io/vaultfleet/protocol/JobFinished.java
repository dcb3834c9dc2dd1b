package io.vaultfleet.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a job ended, reported reliably.
 *
 * @param outcome          on the wire, the constant's name
 * @param detail           the reason of a failure, or the warnings' summary (cut to 2,000 characters)
 * @param recoveryPointId  the recovery point made, when there is one
 * @param bytesTransferred bytes stored by this job
 * @param skipped          the first items the backup could not include, with the reason (at most
 *                         {@link #MAX_SKIPPED_LISTED}, and at most {@link #MAX_SKIPPED_BYTES} in the frame); absent
 *                         from frames of agents older than this field, read as none
 * @param skippedNotListed how many more were skipped than {@code skipped} lists
 */
@MessageType("job-finished")
public record JobFinished(String deliveryId, String jobId, JobOutcome outcome, String detail, String recoveryPointId,
                          long filesDone, long bytesDone, long bytesTransferred,
                          @AbsentMeans("[]") List<SkippedItem> skipped,
                          @AbsentMeans("0") long skippedNotListed) implements AgentMessage, Reliable {
    /** As MARS lists a backup's failed files: the first 1,000. */
    public static final int MAX_SKIPPED_LISTED = 1000;
    /** What the listed items may take in a frame, so the report stays far below the frame limit (4 MiB). */
    public static final int MAX_SKIPPED_BYTES = 512 * 1024;

    public JobFinished {
        Fields.requireText(deliveryId, "deliveryId", 64);
        Fields.requireText(jobId, "jobId", 64);
        Objects.requireNonNull(outcome, "outcome must be one of " + List.of(JobOutcome.values()));
        if (recoveryPointId != null && (recoveryPointId.isBlank() || recoveryPointId.length() > 128)) {
            throw new IllegalArgumentException("recoveryPointId must be 1 to 128 characters, or absent");
        }
        detail = detail == null ? "" : (detail.length() > 2000 ? detail.substring(0, 2000) : detail);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        if (skipped.size() > MAX_SKIPPED_LISTED) {
            throw new IllegalArgumentException("skipped lists " + skipped.size() + " items; at most "
                    + MAX_SKIPPED_LISTED + " travel (use JobFinished.listing to cap them)");
        }
        if (skippedNotListed < 0) {
            throw new IllegalArgumentException("skippedNotListed must not be negative");
        }
        if (!skipped.isEmpty() && outcome == JobOutcome.COMPLETED) {
            throw new IllegalArgumentException("a COMPLETED job skipped nothing; one that skipped items is "
                    + JobOutcome.COMPLETED_WITH_WARNINGS);
        }
    }

    /** A result without skipped items. */
    public JobFinished(String deliveryId, String jobId, JobOutcome outcome, String detail, String recoveryPointId,
                       long filesDone, long bytesDone, long bytesTransferred) {
        this(deliveryId, jobId, outcome, detail, recoveryPointId, filesDone, bytesDone, bytesTransferred, List.of(), 0);
    }

    /** The total number of items skipped, listed or not. */
    public long skippedCount() {
        return skipped.size() + skippedNotListed;
    }

    /**
     * What of {@code all} travels: the first items, up to {@link #MAX_SKIPPED_LISTED} and {@link #MAX_SKIPPED_BYTES};
     * the rest is only counted.
     */
    public static Listing listing(List<SkippedItem> all) {
        List<SkippedItem> listed = new ArrayList<>();
        long bytes = 0;
        for (SkippedItem item : all) {
            bytes += item.frameBytes();
            if (listed.size() == MAX_SKIPPED_LISTED || bytes > MAX_SKIPPED_BYTES) {
                break;
            }
            listed.add(item);
        }
        return new Listing(List.copyOf(listed), all.size() - listed.size());
    }

    /** The skipped items a report lists, and how many more there were. */
    public record Listing(List<SkippedItem> listed, long notListed) {
    }
}
