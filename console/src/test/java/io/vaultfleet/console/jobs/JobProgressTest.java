package io.vaultfleet.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import com.vaadin.flow.component.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

/** The progress bar tells how a job went: full only for a job that completed; a failed one is not full, and red. */
class JobProgressTest {
    private static final Instant T = Instant.parse("2027-01-06T10:00:00Z");

    @Test
    void aCompletedJobIsFull() {
        assertThat(job(JobStatus.COMPLETED, 10, 100).fraction()).isEqualTo(1);
        assertThat(job(JobStatus.COMPLETED_WITH_WARNINGS, 0, 0).fraction()).isEqualTo(1);
    }

    @Test
    void aFailedJobShowsWhereItStoppedAndIsMarkedAsAnError() {
        BackupJob failed = job(JobStatus.FAILED, 30, 100);
        assertThat(failed.fraction()).isEqualTo(0.3);
        ProgressBar bar = JobsGrid.progress(failed);
        assertThat(bar.getValue()).isEqualTo(0.3);
        assertThat(bar.isIndeterminate()).isFalse();
        assertThat(bar.getElement().getThemeList()).contains("error");
    }

    @Test
    void aJobThatFailedBeforeMeasuringAnythingIsEmptyNotFull() {
        assertThat(job(JobStatus.FAILED, 0, 0).fraction()).isZero();
        assertThat(job(JobStatus.CANCELLED, 0, 0).fraction()).isZero();
        assertThat(JobsGrid.progress(job(JobStatus.CANCELLED, 0, 0)).getElement().getThemeList()).contains("contrast");
    }

    @Test
    void aRunningJobWithoutATotalIsIndeterminate() {
        assertThat(job(JobStatus.IN_PROGRESS, 5, 0).fraction()).isEqualTo(-1);
        assertThat(JobsGrid.progress(job(JobStatus.IN_PROGRESS, 5, 0)).isIndeterminate()).isTrue();
    }

    private static BackupJob job(JobStatus status, long done, long total) {
        return new BackupJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "srv", "BACKUP",
                "FILES_AND_FOLDERS", "ON_DEMAND", status, null, T, status.finished() ? T.plusSeconds(60) : null, 1,
                done, total, 0, done, null, null, "admin", null, T, null, null, null, 0, null, null, null);
    }
}
