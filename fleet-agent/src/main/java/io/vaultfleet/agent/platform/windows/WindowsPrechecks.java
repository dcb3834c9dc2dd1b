package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.vaultfleet.agent.platform.CommandRunner;
import io.vaultfleet.agent.platform.Elevation;
import io.vaultfleet.agent.platform.PrecheckResult;
import io.vaultfleet.agent.platform.Prechecks;
import io.vaultfleet.agent.platform.ProcessCommandRunner;

/**
 * The Windows prechecks, in the order an admin fixes them: administrator rights, supported OS (System State or
 * not), pending reboot, Windows Server Backup feature, and {@code sfc /verifyonly} (skipped with {@code quick},
 * it takes minutes). Only tested with recorded outputs (recorded registry values and tool output).
 */
public final class WindowsPrechecks implements Prechecks {
    private final RegistryReader registry;
    private final CommandRunner runner;
    private final Elevation elevation;
    private final boolean runSfc;

    public WindowsPrechecks(RegistryReader registry, CommandRunner runner, Elevation elevation, boolean runSfc) {
        this.registry = registry;
        this.runner = runner;
        this.elevation = elevation;
        this.runSfc = runSfc;
    }

    public static WindowsPrechecks onThisMachine() {
        return new WindowsPrechecks(new JnaRegistryReader(), new ProcessCommandRunner(), new WindowsElevation(), false);
    }

    public WindowsPrechecks withSfc() {
        return new WindowsPrechecks(registry, runner, elevation, true);
    }

    @Override
    public List<PrecheckResult> run() {
        List<PrecheckResult> results = new ArrayList<>();
        boolean elevated = elevation.isElevated();
        results.add(elevated ? PrecheckResult.passed("Administrator rights", "the agent runs elevated")
                : PrecheckResult.failed("Administrator rights", elevation.notElevatedMessage()));

        WindowsEdition os = WindowsEdition.read(registry);
        SupportedOs.Decision decision = SupportedOs.decide(os);
        results.add(PrecheckResult.passed("Supported operating system", decision.product() + ": files and folders supported"));
        results.add(decision.systemStateSupported() ? PrecheckResult.passed("System State", decision.reason())
                : PrecheckResult.notOffered("System State", decision.reason()));

        List<String> reboot = PendingReboot.reasons(registry);
        results.add(reboot.isEmpty() ? PrecheckResult.passed("Pending reboot", "no reboot pending")
                : PrecheckResult.warning("Pending reboot", "restart the server before backing up System State: " + String.join("; ", reboot)));

        if (decision.systemStateSupported()) {
            results.add(feature());
            if (runSfc && elevated) {
                results.add(sfc());
            }
        }
        return results;
    }

    private PrecheckResult feature() {
        try {
            WindowsServerBackupFeature.State state = new WindowsServerBackupFeature(runner).state();
            return state == WindowsServerBackupFeature.State.INSTALLED
                    ? PrecheckResult.passed("Windows Server Backup", "installed")
                    : PrecheckResult.failed("Windows Server Backup", "not installed: " + WindowsServerBackupFeature.INSTALL_INSTRUCTION);
        } catch (IOException e) {
            return PrecheckResult.failed("Windows Server Backup", "could not ask Get-WindowsFeature: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PrecheckResult.failed("Windows Server Backup", "interrupted");
        }
    }

    private PrecheckResult sfc() {
        try {
            SystemFileCheck.Result r = new SystemFileCheck(runner).verify();
            return r.clean() ? PrecheckResult.passed("System file check", r.reason()) : PrecheckResult.failed("System file check", r.reason());
        } catch (IOException e) {
            return PrecheckResult.failed("System file check", "could not run sfc /verifyonly: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PrecheckResult.failed("System file check", "interrupted");
        }
    }
}
