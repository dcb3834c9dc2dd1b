package io.vaultfleet.agent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import io.vaultfleet.agent.platform.PrecheckResult;
import io.vaultfleet.agent.platform.Prechecks;
import io.vaultfleet.agent.platform.ProgressListener;
import io.vaultfleet.agent.platform.SystemStateSource;

/**
 * The System State part of {@code backup --system-state}: the prechecks first (supported OS, pending reboot,
 * sfc /verifyonly), and only if none failed, wbadmin into the staging area. The caller backs up the returned folder
 * and then calls {@link SystemStateSource#cleanup()}.
 */
public final class SystemStateStep {
    private SystemStateStep() {
    }

    /** Thrown when a precheck fails: the job must not run, and the message says why. */
    public static final class PrecheckFailed extends IllegalStateException {
        PrecheckFailed(String message) {
            super(message);
        }
    }

    public static Path prepare(Prechecks prechecks, SystemStateSource source, ProgressListener progress,
                        Consumer<PrecheckResult> report) throws IOException, InterruptedException {
        List<PrecheckResult> results = prechecks.run();
        results.forEach(report);
        // a pending reboot only warns for files, but System State must not be captured mid-update
        List<PrecheckResult> blocking = results.stream()
                .filter(r -> r.outcome() == PrecheckResult.Outcome.FAILED
                        || (r.outcome() == PrecheckResult.Outcome.NOT_OFFERED && r.check().toLowerCase().contains("system state"))
                        || (r.outcome() == PrecheckResult.Outcome.WARNING && r.check().equals("Pending reboot")))
                .toList();
        if (!blocking.isEmpty()) {
            throw new PrecheckFailed("System State backup not started: " + String.join("; ",
                    blocking.stream().map(r -> r.check() + ": " + r.detail()).toList()));
        }
        return source.produce(progress);
    }
}
