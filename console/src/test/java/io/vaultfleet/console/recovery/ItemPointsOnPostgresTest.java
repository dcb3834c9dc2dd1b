package io.vaultfleet.console.recovery;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.vaultfleet.console.ConsoleApplication;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.identity.AgentKeys;

/**
 * The vault's *Backup items* query (grouped counts and the newest kept point) on a real PostgreSQL: soft-deleted
 * points are neither counted nor the latest, an item whose points are all soft-deleted stays listed with none kept,
 * another vault's points stay out, and nobody without a role at the vault reads it.
 */
@SpringBootTest(classes = ConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class ItemPointsOnPostgresTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        io.vaultfleet.console.TestPostgres.use(registry);
    }

    @Autowired RecoveryPointCatalog catalog;
    @Autowired FleetService fleet;
    @Autowired TestVaults vaults;
    @Autowired JdbcClient jdbc;
    @Autowired SecurityContextHolderStrategy security;

    @Test
    void countsAndLatestLeaveSoftDeletedPointsOut() {
        Vault vault = vaults.create("pg-items");
        Vault other = vaults.create("pg-items-other");
        RegisteredServer server = enroll(vault, "pg-items-srv");
        RegisteredServer elsewhere = enroll(other, "pg-items-else");
        point(vault, server, "FILES_AND_FOLDERS", "rp-1", "2026-11-01T22:00:00Z");
        point(vault, server, "FILES_AND_FOLDERS", "rp-2", "2026-11-02T22:00:00Z");
        point(vault, server, "FILES_AND_FOLDERS", "rp-3", "2026-11-03T22:00:00Z");
        point(vault, server, "SYSTEM_CONFIGURATION", "rp-4", "2026-11-03T23:00:00Z");
        point(other, elsewhere, "FILES_AND_FOLDERS", "rp-5", "2026-11-04T22:00:00Z");
        softDelete(server, "rp-3");
        softDelete(server, "rp-4");

        List<ItemPoints> items = runAs(security, "pg-items-reader", Role.READER, () -> catalog.itemsOfVault(vault.id()));

        assertThat(items).containsExactlyInAnyOrder(
                new ItemPoints(server.id(), "FILES_AND_FOLDERS", 2, Instant.parse("2026-11-02T22:00:00Z")),
                new ItemPoints(server.id(), "SYSTEM_CONFIGURATION", 0, null));
    }

    @Test
    void anAnonymousCallerIsRefused() {
        Vault vault = vaults.create("pg-items-anon");
        assertThatThrownBy(() -> catalog.itemsOfVault(vault.id()))
                .isInstanceOfAny(AccessDeniedException.class,
                        org.springframework.security.authentication.AuthenticationCredentialsNotFoundException.class);
    }

    private RegisteredServer enroll(Vault vault, String name) {
        return fleet.recordEnrollment(vault.id(), name + "-" + UUID.randomUUID().toString().substring(0, 6), "Linux",
                "6.1", "0.1.0", AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
    }

    private void point(Vault vault, RegisteredServer server, String item, String id, String at) {
        catalog.store(new ReportingServer(server.id(), server.name(), vault.id()),
                new RecoveryPointCreated(UUID.randomUUID().toString(), id, item, Instant.parse(at), 10, 1_000, 1_000,
                        0, List.of("pack-" + UUID.randomUUID())));
    }

    /** As a retention clean-up leaves a point (the state column of V40). */
    private void softDelete(RegisteredServer server, String id) {
        jdbc.sql("update recovery_point set state = 'SOFT_DELETED' where server_id = :s and recovery_point_id = :rp")
                .param("s", server.id()).param("rp", id).update();
    }
}
