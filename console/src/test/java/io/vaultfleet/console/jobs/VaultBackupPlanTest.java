package io.vaultfleet.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Month;
import java.util.List;
import java.util.UUID;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.policy.PolicyDraft;
import io.vaultfleet.console.policy.PolicyService;
import io.vaultfleet.console.policy.RetentionRules;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.policy.BackupSchedule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Vault-wide Back Up Now runs an item only where it applies: by each server's operating system and, for a server
 * with a policy, by what that policy protects; Files and folders without typed paths back up each policy's folders.
 */
@ConsoleTest
class VaultBackupPlanTest {
    private static Vault vault;
    private static RegisteredServer withPolicy;
    private static RegisteredServer withoutPolicy;

    @Autowired TestVaults testVaults;
    @Autowired FleetService fleet;
    @Autowired PolicyService policies;
    @Autowired JobService jobs;
    @Autowired JdbcClient jdbc;
    @Autowired SecurityContextHolderStrategy security;

    @BeforeEach
    void twoLinuxServersOneWithAFilesOnlyPolicy() {
        if (vault != null) {
            return;
        }
        vault = testVaults.create("plan");
        withPolicy = enroll("plan-files", "Linux");
        withoutPolicy = enroll("plan-bare", "Linux");
        TestSecurity.runAs(security, Role.OWNER, () -> {
            var policy = policies.create(vault.id(), new PolicyDraft("Data only", List.of("FILES_AND_FOLDERS"),
                    List.of("/srv/data"), List.of(), BackupSchedule.daily("UTC", "21:30"),
                    RetentionRules.daily(30).withWeekly(4, DayOfWeek.SUNDAY).withMonthly(12, 1)
                            .withYearly(1, Month.JANUARY, 1), null));
            policies.assign(policy.id(), List.of(withPolicy.id()));
            return null;
        });
    }

    @Test
    void offersOnlyTheItemsSomeServerBacksUpAndSaysPerServerWhatRuns() {
        VaultBackupPlan plan = asOperator(() -> jobs.vaultBackupPlan(vault.id()));
        assertThat(plan.offered()).as("no Windows server: no System State")
                .containsExactly("FILES_AND_FOLDERS", "SYSTEM_CONFIGURATION");
        assertThat(plan.preselected()).isEqualTo("FILES_AND_FOLDERS");
        assertThat(lines(plan, "SYSTEM_CONFIGURATION", List.of())).containsExactlyInAnyOrder(
                withPolicy.name() + " (Linux, policy Data only): not backed up: its policy Data only does not protect "
                        + "System configuration.",
                withoutPolicy.name() + " (Linux): System configuration.");
        assertThat(lines(plan, "FILES_AND_FOLDERS", List.of())).containsExactlyInAnyOrder(
                withPolicy.name() + " (Linux, policy Data only): Files and folders: its policy's /srv/data.",
                withoutPolicy.name() + " (Linux): not backed up: it has no policy naming folders: type the files and "
                        + "folders to back up.");
        assertThat(lines(plan, "FILES_AND_FOLDERS", List.of("/home"))).containsExactlyInAnyOrder(
                withPolicy.name() + " (Linux, policy Data only): Files and folders: the paths typed above.",
                withoutPolicy.name() + " (Linux): Files and folders: the paths typed above.");
    }

    @Test
    void systemConfigurationRunsOnlyWhereNoPolicyLeavesItOut() {
        List<BackupJob> started = asOperator(() -> jobs.backUpVault(vault.id(), "SYSTEM_CONFIGURATION", List.of(), null));
        assertThat(started).extracting(BackupJob::serverId).containsExactly(withoutPolicy.id());
        assertThat(started).extracting(BackupJob::item).containsOnly("SYSTEM_CONFIGURATION");
    }

    @Test
    void filesAndFoldersWithoutTypedPathsBackUpThePolicysFolders() {
        List<BackupJob> started = asOperator(() -> jobs.backUpVault(vault.id(), "FILES_AND_FOLDERS", List.of(), null));
        assertThat(started).extracting(BackupJob::serverId).containsExactly(withPolicy.id());
        assertThat(paths(started.getFirst().id())).isEqualTo("/srv/data");

        List<BackupJob> typed = asOperator(() -> jobs.backUpVault(vault.id(), "FILES_AND_FOLDERS", List.of("/home"), null));
        assertThat(typed).extracting(BackupJob::serverId).containsExactlyInAnyOrder(withPolicy.id(), withoutPolicy.id());
        assertThat(typed).allSatisfy(j -> assertThat(paths(j.id())).isEqualTo("/home"));
    }

    @Test
    void anItemNoServerBacksUpIsRefusedSayingWhyAtTheItem() {
        assertThatThrownBy(() -> asOperator(() -> jobs.backUpVault(vault.id(), "SYSTEM_STATE", List.of(), null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problem("item"))
                        .isEqualTo("No server of this vault backs up System State: System State is for Windows servers."));
    }

    @Test
    void aReaderGetsNoPlan() {
        assertThatThrownBy(() -> TestSecurity.runAs(security, Role.READER, () -> jobs.vaultBackupPlan(vault.id())))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aVaultWithoutServersSaysSo() {
        Vault empty = testVaults.create("plan-empty");
        assertThatThrownBy(() -> asOperator(() -> jobs.vaultBackupPlan(empty.id())))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.getMessage()).isEqualTo("No server is registered in this vault yet."));
    }

    private static List<String> lines(VaultBackupPlan plan, String item, List<String> typed) {
        return plan.servers().stream().map(s -> s.describe(item, typed)).toList();
    }

    private String paths(UUID jobId) {
        return jdbc.sql("select paths from backup_job where id = :id").param("id", jobId).query(String.class).single();
    }

    private <T> T asOperator(java.util.function.Supplier<T> action) {
        return TestSecurity.runAs(security, Role.OPERATOR, action);
    }

    private RegisteredServer enroll(String prefix, String os) {
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), prefix + "-"
                + UUID.randomUUID().toString().substring(0, 6), os, "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        return enrolled.server();
    }
}
