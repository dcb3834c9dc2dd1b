package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.platform.Elevation;
import io.vaultfleet.agent.platform.PrecheckResult;
import io.vaultfleet.agent.platform.PrecheckResult.Outcome;

class WindowsPrechecksTest {
    private static Elevation elevated(boolean yes) {
        return new Elevation() {
            @Override
            public boolean isElevated() {
                return yes;
            }

            @Override
            public String notElevatedMessage() {
                return new WindowsElevation().notElevatedMessage();
            }
        };
    }

    private static Outcome outcome(List<PrecheckResult> results, String check) {
        return results.stream().filter(r -> r.check().equals(check)).findFirst().orElseThrow().outcome();
    }

    @Test
    void server2022WithEverythingInPlacePasses() {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("Get-WindowsFeature", "feature/get-windowsfeature-installed.txt", 0)
                .answer("sfc.exe", "sfc/verifyonly-clean.bin", 0);
        List<PrecheckResult> results = new WindowsPrechecks(
                RecordedRegistry.of("server-2022.reg.txt", "pending-reboot-none.reg.txt"), runner, elevated(true), true).run();
        assertThat(results).extracting(PrecheckResult::outcome).containsOnly(Outcome.PASSED);
        assertThat(results).extracting(PrecheckResult::check).containsExactly("Administrator rights",
                "Supported operating system", "System State", "Pending reboot", "Windows Server Backup", "System file check");
    }

    @Test
    void windows11OffersNoSystemStateAndRunsNoServerTool() {
        RecordedCommandRunner runner = new RecordedCommandRunner();
        List<PrecheckResult> results = new WindowsPrechecks(
                RecordedRegistry.of("windows-11-enterprise.reg.txt", "pending-reboot-none.reg.txt"), runner, elevated(true), true).run();
        assertThat(outcome(results, "System State")).isEqualTo(Outcome.NOT_OFFERED);
        assertThat(runner.commands).isEmpty();
    }

    @Test
    void notElevatedPendingRebootAndMissingFeatureAreEachSaid() {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("Get-WindowsFeature", "feature/get-windowsfeature-available.txt", 0);
        List<PrecheckResult> results = new WindowsPrechecks(
                RecordedRegistry.of("server-2016-core.reg.txt", "pending-reboot-all-signals.reg.txt"), runner, elevated(false), true).run();
        assertThat(outcome(results, "Administrator rights")).isEqualTo(Outcome.FAILED);
        assertThat(outcome(results, "Pending reboot")).isEqualTo(Outcome.WARNING);
        assertThat(outcome(results, "Windows Server Backup")).isEqualTo(Outcome.FAILED);
        assertThat(results.getFirst().detail()).contains("Run as administrator");
        assertThat(results).extracting(PrecheckResult::check).doesNotContain("System file check"); // sfc needs rights
    }

    @Test
    void sfcViolationsFailThePrecheck() {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("Get-WindowsFeature", "feature/get-windowsfeature-installed.txt", 0)
                .answer("sfc.exe", "sfc/verifyonly-violations-bom.bin", 1);
        List<PrecheckResult> results = new WindowsPrechecks(
                RecordedRegistry.of("server-2019-dc.reg.txt", "pending-reboot-none.reg.txt"), runner, elevated(true), true).run();
        assertThat(outcome(results, "System file check")).isEqualTo(Outcome.FAILED);
    }
}
