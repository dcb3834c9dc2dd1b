package io.vaultfleet.agent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.platform.CacheSpaceCheck;
import io.vaultfleet.agent.platform.PrecheckResult;
import io.vaultfleet.agent.platform.Prechecks;
import io.vaultfleet.agent.platform.current.CurrentPlatform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-agent precheck}: runs this platform's prechecks and prints each result. Exit code 0 when none
 * failed, 5 when one did (warnings and "not offered" do not fail).
 */
@Command(name = "precheck", mixinStandardHelpOptions = true,
        description = "Check that this server can be backed up: rights, supported OS, System State, pending reboot, "
                + "free cache space.")
public final class PrecheckCommand implements Callable<Integer> {
    static final int A_CHECK_FAILED = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Agent state folder (default: platform specific)")
    Path home;

    @Option(names = "--sfc", description = "Also run sfc /verifyonly (Windows; takes several minutes)")
    boolean sfc;

    private final Prechecks prechecks;

    public PrecheckCommand() {
        this(null);
    }

    /** For tests: the prechecks to run instead of this platform's. */
    PrecheckCommand(Prechecks prechecks) {
        this.prechecks = prechecks;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Prechecks checks = prechecks != null ? prechecks : CacheSpaceCheck.after(
                CurrentPlatform.prechecks(AgentHome.resolve(home), sfc), AgentHome.resolve(home).root().resolve("cache"),
                CacheSpaceCheck.MINIMUM_BYTES);
        List<PrecheckResult> results = checks.run();
        for (PrecheckResult r : results) {
            out.printf("%-14s %-28s %s%n", label(r.outcome()), r.check(), r.detail());
        }
        return results.stream().anyMatch(r -> r.outcome() == PrecheckResult.Outcome.FAILED) ? A_CHECK_FAILED : 0;
    }

    private static String label(PrecheckResult.Outcome outcome) {
        return switch (outcome) {
            case PASSED -> "[ok]";
            case WARNING -> "[warning]";
            case FAILED -> "[failed]";
            case NOT_OFFERED -> "[not offered]";
        };
    }
}
