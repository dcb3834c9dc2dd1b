package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultFilter;
import io.vaultfleet.console.vault.VaultOverview;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.protocol.identity.AgentKeys;

/**
 * What the server list and a vault's overview show from other features (issue 18: read through the owning
 * features, fleet.ServerActivity and vault.VaultActivity, not with SQL on their tables): a failed job appears on the
 * server's row and in the vault's counts, and so does an alert; the vault's scope and location names are there.
 * (A server's open alerts on its row: {@link AlertRulesTest}.)
 */
@ConsoleTest
class OtherFeaturesFactsTest {
    @Autowired
    JobService jobs;

    @Autowired
    FleetService fleet;

    @Autowired
    VaultService vaultService;

    @Autowired
    TestVaults vaults;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    AlertRules rules;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFailedJobAndAnAlertShowOnTheServerAndInTheVaultOverview() {
        Vault vault = vaults.create("facts");
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), "facts-" + UUID.randomUUID().toString()
                .substring(0, 8), "Linux", "6.1", "0.1.0", AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        UUID server = enrolled.server().id();

        RegisteredServer before = runAs(security, Role.READER, () -> fleet.find(server)).orElseThrow();
        assertThat(before.vaultName()).as("named as the pickers name it").isEqualTo(vault.label());
        assertThat(before.lastBackupStatus()).isNull();
        assertThat(before.alertsLabel()).isEqualTo("None");

        runAs(security, Role.OPERATOR, () -> jobs.backUpNow(server, "FILES_AND_FOLDERS", List.of("/srv/data")));

        RegisteredServer after = runAs(security, Role.READER, () -> fleet.find(server)).orElseThrow();
        assertThat(after.lastBackupStatus()).isEqualTo("FAILED");
        assertThat(after.lastBackupAt()).isNotNull();
        // a vault-wide alert (as in AlertRulesTest, the state two owners would reach is set directly)
        jdbc.sql("update vault set soft_delete_enabled = false where id = :id").param("id", vault.id()).update();
        rules.evaluate();
        VaultOverview overview = runAs(security, Role.READER, () -> vaultService.overview(vault.id()));
        assertThat(overview.jobsLast24h()).isEqualTo(1);
        assertThat(overview.failedJobsLast24h()).isEqualTo(1);
        assertThat(overview.alertsLast24h()).isEqualTo(1);
        assertThat(overview.recoveryPoints()).isZero();

        Vault shown = runAs(security, Role.READER, () -> vaultService.get(vault.id()));
        assertThat(shown.subscriptionName()).isNotBlank().isEqualTo(vault.subscriptionName());
        assertThat(shown.resourceGroupName()).isNotBlank().isEqualTo(vault.resourceGroupName());
        assertThat(shown.locationName()).isNotBlank().isEqualTo(vault.locationName());
        assertThat(runAs(security, Role.READER, () -> vaultService.list(VaultFilter.ALL))).filteredOn(v -> v.id().equals(vault.id()))
                .singleElement().extracting(Vault::locationName).isEqualTo(vault.locationName());
    }
}
