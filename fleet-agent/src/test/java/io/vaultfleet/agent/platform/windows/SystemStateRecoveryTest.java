package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.platform.windows.SystemStateRecovery.AdRestore;

class SystemStateRecoveryTest {
    private final RecordedCommandRunner runner = new RecordedCommandRunner()
            .answer("get versions", "wbadmin/get-versions.txt", 0);
    private final SystemStateRecovery recovery = new SystemStateRecovery(runner, "E:", "DC01");

    @Test
    void findsTheNewestSystemStateVersionInTheRestoredFolder() throws Exception {
        assertThat(recovery.latestSystemStateVersion().identifier()).isEqualTo("11/25/2026-02:19");
        assertThat(runner.commands.getFirst().display()).isEqualTo("wbadmin get versions -backupTarget:E: -machine:DC01");
    }

    @Test
    void aMemberServerGetsTheRecoveryCommandAndTheRebootWarning() {
        var steps = recovery.steps("11/25/2026-02:19", AdRestore.NOT_A_DOMAIN_CONTROLLER);
        assertThat(steps).contains("wbadmin start systemstaterecovery -version:11/25/2026-02:19 -backupTarget:E: -machine:DC01 -quiet");
        assertThat(String.join("\n", steps)).contains("cannot be undone").contains("Restart").doesNotContain("DSRM");
    }

    @Test
    void aDomainControllerIsToldAboutDsrmAndNonAuthoritativeRestore() {
        String steps = String.join("\n", recovery.steps("11/25/2026-02:19", AdRestore.NON_AUTHORITATIVE));
        assertThat(steps).contains("Directory Services Restore Mode").contains("bcdedit /set safeboot dsrepair")
                .contains("Non-authoritative").contains("bcdedit /deletevalue safeboot");
    }

    @Test
    void anAuthoritativeRestoreAddsAuthSysvolAndNtdsutil() {
        assertThat(recovery.recoveryCommand("v", AdRestore.AUTHORITATIVE).args()).contains("-authsysvol");
        assertThat(String.join("\n", recovery.steps("v", AdRestore.AUTHORITATIVE))).contains("ntdsutil").contains("authoritative restore");
    }
}
