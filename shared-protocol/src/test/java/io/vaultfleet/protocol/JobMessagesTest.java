package io.vaultfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Job outcomes and stages travel as the enums' names; bad or missing ones are refused with the field named. */
class JobMessagesTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void everyOutcomeAndStageRoundTripsAsItsName() {
        for (JobOutcome outcome : JobOutcome.values()) {
            JobFinished finished = new JobFinished("d-" + outcome.ordinal(), "job-1", outcome, "why", null, 1, 2, 3,
                    outcome == JobOutcome.COMPLETED ? List.of() : List.of(new SkippedItem("/srv/a", "does not exist")),
                    outcome == JobOutcome.COMPLETED ? 0 : 4);
            String frame = codec.encode(finished);
            assertThat(frame).contains("\"outcome\":\"" + outcome.name() + "\"");
            assertThat(codec.decodeFromAgent(frame).message()).isEqualTo(finished);
        }
        for (JobStage stage : JobStage.agentStages()) {
            JobProgress progress = new JobProgress("job-1", stage, 1, 2, -1, 0);
            String frame = codec.encode(progress);
            assertThat(frame).contains("\"stage\":\"" + stage.name() + "\"");
            assertThat(codec.decodeFromAgent(frame).message()).isEqualTo(progress);
        }
    }

    @Test
    void theAgentStagesIncludeWaitingForStorageAndNotTheConsolesOwn() {
        assertThat(JobStage.agentStages()).containsExactly(JobStage.PRECHECK, JobStage.SNAPSHOT, JobStage.UPLOAD,
                JobStage.WAITING_FOR_STORAGE, JobStage.FINALIZE, JobStage.RESTORE);
        assertThatThrownBy(() -> new JobProgress("job-1", JobStage.DONE, 0, 0, -1, 0))
                .hasMessageContaining("DONE is the console's own");
    }

    @Test
    void anUnknownOutcomeOrStageIsAnInvalidPayloadNamingTheValue() {
        String finished = "{\"v\":1,\"type\":\"job-finished\",\"id\":\"d1\",\"payload\":{\"deliveryId\":\"d1\","
                + "\"jobId\":\"j\",\"outcome\":\"PARTIAL\",\"detail\":\"\",\"recoveryPointId\":null,\"filesDone\":0,"
                + "\"bytesDone\":0,\"bytesTransferred\":0}}";
        assertThatThrownBy(() -> codec.decodeFromAgent(finished)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
            assertThat(e.getMessage()).contains("PARTIAL");
        });
        String progress = "{\"v\":1,\"type\":\"job-progress\",\"id\":\"p1\",\"payload\":{\"jobId\":\"j\","
                + "\"stage\":\"QUEUED\",\"filesDone\":0,\"bytesDone\":0,\"bytesTotal\":-1,\"bytesPerSecond\":0}}";
        assertThatThrownBy(() -> codec.decodeFromAgent(progress)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.getMessage()).contains("QUEUED is the console's own"));
    }

    @Test
    void aResultFromAnAgentOlderThanTheSkippedListReadsAsNoneSkipped() {
        String old = "{\"v\":1,\"type\":\"job-finished\",\"id\":\"d1\",\"payload\":{\"deliveryId\":\"d1\","
                + "\"jobId\":\"j\",\"outcome\":\"COMPLETED_WITH_WARNINGS\",\"detail\":\"2 path(s) not backed up\","
                + "\"recoveryPointId\":\"rp\",\"filesDone\":3,\"bytesDone\":4,\"bytesTransferred\":5}}";
        JobFinished decoded = (JobFinished) codec.decodeFromAgent(old).message();
        assertThat(decoded.outcome()).isEqualTo(JobOutcome.COMPLETED_WITH_WARNINGS);
        assertThat(decoded.skipped()).isEmpty();
        assertThat(decoded.skippedNotListed()).isZero();
    }

    @Test
    void theListingKeepsTheFirstThousandAndCountsTheRest() {
        List<SkippedItem> all = IntStream.range(0, 1_500).mapToObj(i -> new SkippedItem("/srv/f" + i, "access denied"))
                .toList();
        JobFinished.Listing listing = JobFinished.listing(all);
        assertThat(listing.listed()).hasSize(1_000).first().isEqualTo(all.getFirst());
        assertThat(listing.notListed()).isEqualTo(500);
        JobFinished finished = new JobFinished("d", "j", JobOutcome.COMPLETED_WITH_WARNINGS, "", "rp", 0, 0, 0,
                listing.listed(), listing.notListed());
        assertThat(finished.skippedCount()).isEqualTo(1_500);
        assertThat(codec.decodeFromAgent(codec.encode(finished)).message()).isEqualTo(finished);
    }

    @Test
    void longPathsAreCutAndTheListingStaysUnderItsByteCapWhateverTheCharacters() {
        String longPath = "/srv/" + "\u00e9\u20ac\"".repeat(2_000);
        SkippedItem item = new SkippedItem(longPath, "x".repeat(5_000));
        assertThat(item.path()).hasSize(SkippedItem.MAX_PATH).endsWith("…");
        assertThat(item.reason()).hasSize(SkippedItem.MAX_REASON);
        List<SkippedItem> all = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            all.add(new SkippedItem(i + longPath, "r".repeat(600)));
        }
        JobFinished.Listing listing = JobFinished.listing(all);
        assertThat(listing.listed().size() + listing.notListed()).isEqualTo(1_000);
        assertThat(listing.notListed()).isPositive();
        JobFinished finished = new JobFinished("d", "j", JobOutcome.COMPLETED_WITH_WARNINGS, "", "rp", 0, 0, 0,
                listing.listed(), listing.notListed());
        String frame = codec.encode(finished);
        assertThat(frame.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThan(JobFinished.MAX_SKIPPED_BYTES + 4_096);
    }

    @Test
    void aCompletedJobListsNothingSkippedAndNullsAreRefusedByName() {
        assertThatThrownBy(() -> new JobFinished("d", "j", JobOutcome.COMPLETED, "", "rp", 0, 0, 0,
                List.of(new SkippedItem("/a", "gone")), 0)).hasMessageContaining("COMPLETED_WITH_WARNINGS");
        assertThatThrownBy(() -> new JobFinished("d", "j", null, "", null, 0, 0, 0))
                .hasMessageContaining("outcome must be one of");
        assertThatThrownBy(() -> new JobProgress("j", null, 0, 0, -1, 0)).hasMessageContaining("stage is required");
        assertThatThrownBy(() -> new JobFinished("d", "j", JobOutcome.COMPLETED, "", "r".repeat(129), 0, 0, 0))
                .hasMessageContaining("recoveryPointId must be 1 to 128 characters");
    }
}
