package io.vaultfleet.console.fleet;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.identity.AgentKeys;

/** The registered servers list per vault and across all, with the vault's name on each server. */
@ConsoleTest
class FleetQueryTest {
    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    SecurityContextHolderStrategy security;

    private void enroll(UUID vault, String name) {
        fleet.enroll(vault, name, "Windows Server 2022", "10.0.20348", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
    }

    @Test
    void listsOneVaultsServersWithTheVaultName() {
        var east = vaults.create("east");
        var west = vaults.create("west");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        enroll(east.id(), "east-a-" + tag);
        enroll(east.id(), "east-b-" + tag);
        enroll(west.id(), "west-a-" + tag);

        var inEast = runAs(security, Role.READER, () -> fleet.list(ServerQuery.inVault(east.id()), 0, 50));
        assertThat(inEast).extracting(RegisteredServer::name).containsExactly("east-a-" + tag, "east-b-" + tag);
        assertThat(inEast).extracting(RegisteredServer::vaultLabel)
                .containsOnly(io.vaultfleet.console.vault.Vault.label(east.name(), "Sub " + east.name()));
        assertThat(runAs(security, Role.READER, () -> fleet.count(ServerQuery.inVault(west.id())))).isEqualTo(1);
        assertThat(runAs(security, Role.READER, () -> fleet.vaultName(west.id())))
                .hasValue(io.vaultfleet.console.vault.Vault.label(west.name(), "Sub " + west.name()));
        assertThat(runAs(security, Role.READER, () -> fleet.count(new ServerQuery(tag, null, ServerQuery.Sort.NAME, false))))
                .isEqualTo(3);
    }

    @Test
    void unregisteredServersLeaveTheList() {
        var vault = vaults.create("gone");
        String name = "leaving-" + UUID.randomUUID().toString().substring(0, 6);
        enroll(vault.id(), name);
        RegisteredServer server = runAs(security, Role.READER, () -> fleet.list(ServerQuery.inVault(vault.id()), 0, 10))
                .getFirst();
        runAs(security, Role.CONTRIBUTOR, () -> fleet.unregister(server.id(), "decommissioned"));
        assertThat(runAs(security, Role.READER, () -> fleet.count(ServerQuery.inVault(vault.id())))).isZero();
        assertThat(runAs(security, Role.READER, () -> fleet.find(server.id())).orElseThrow().revokedReason())
                .isEqualTo("decommissioned");
    }
}
