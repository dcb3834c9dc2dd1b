package io.vaultfleet.console.recovery;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import io.vaultfleet.agent.backup.BackupResult;
import io.vaultfleet.console.ConsoleApplication;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.vault.Vault;

/** The retention SQL (plain, in V40) on a real PostgreSQL: expire, undelete, expire again, purge after the period. */
@SpringBootTest(classes = ConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class RetentionOnPostgresTest {
    private static final OffsetClock CLOCK = new OffsetClock();
    @TestBean(name = "clock", methodName = "offsetClock")
    Clock clock;

    static Clock offsetClock() {
        return CLOCK;
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        io.vaultfleet.console.TestPostgres.use(registry);
    }

    @Autowired
    RetentionCleanup retention;

    @Autowired
    RecoveryPointCatalog catalog;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    StorageAccessIssuer issuer;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    io.vaultfleet.console.storage.ServerStorage storage;

    @TempDir
    Path work;

    @Test
    void expireUndeleteAndPurgeOnPostgresql() throws Exception {
        Vault vault = vaults.create("pg-ret");
        AgentEngine agent = AgentEngine.forNewServer(vault, fleet, issuer, catalog, work, UnaryOperator.identity());
        UUID serverId = agent.serverId();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(400_000, 1));
        BackupResult first = agent.backup();
        Map<String, byte[]> firstState = agent.sourceState();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(400_000, 2));
        BackupResult second = agent.backup();

        RetentionCleanup.Result result = retention.run(serverId, Set.of(first.snapshotId()), "test policy");
        assertThat(result.packs()).containsExactlyElementsOf(first.catalog().packIds());
        assertThat(agent.snapshotIds()).containsExactly(second.snapshotId());

        runAs(security, Role.OWNER, () -> retention.undelete(serverId, first.snapshotId()));
        agent.assertRestores(first.snapshotId(), firstState);

        retention.run(serverId, Set.of(first.snapshotId()), "test policy");
        CLOCK.advance(Duration.ofDays(15));
        retention.pass();
        assertThat(storage.open(vault.locationId(), vault.id(), serverId)
                .list(io.vaultfleet.console.storage.ServerStorage.DELETED)).isEmpty();
        assertThat(runAs(security, Role.READER, () -> catalog.forServer(serverId)))
                .extracting(RecoveryPoint::recoveryPointId).containsExactly(second.snapshotId());
    }
}
