package io.vaultfleet.console.platform;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.vaultfleet.console.ConsoleApplication;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.ServerQuery;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.UserAccountService;

/** The {@code postgres} profile on a real PostgreSQL server: the same Flyway migrations, the same services. */
@SpringBootTest(classes = ConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class PostgresProfileTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        io.vaultfleet.console.TestPostgres.use(registry);
    }

    @Autowired
    org.springframework.security.core.context.SecurityContextHolderStrategy security;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UserAccountService accounts;

    @Autowired
    FleetService fleet;

    @Test
    void runsOnPostgresqlWithEveryMigrationApplied() {
        String product = jdbc.sql("select version()").query(String.class).single();
        assertThat(product).startsWith("PostgreSQL");
        List<String> failed = jdbc.sql("select version from flyway_schema_history where success = false")
                .query(String.class).list();
        assertThat(failed).isEmpty();
        long applied = jdbc.sql("select count(*) from flyway_schema_history where version is not null")
                .query(Long.class).single();
        assertThat(applied).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theFirstAdminAndUserManagementWork() {
        assertThat(runAs(security, Role.READER, accounts::listUsers)).extracting("username").contains("admin");
        runAs(security, Role.OWNER, () -> accounts.createUser("pg-reader", "PG reader", "Reader-password-on-pg", Role.READER));
        assertThat(runAs(security, Role.READER, accounts::listUsers)).extracting("username").contains("admin", "pg-reader");
    }

    @Autowired
    io.vaultfleet.console.TestVaults vaults;

    @Autowired
    io.vaultfleet.console.policy.PolicyService policies;

    /** Policies, their assignment and the servers list's schedule summary use plain SQL that PostgreSQL accepts. */
    @Test
    void backupPoliciesAreStoredAssignedAndRead() {
        var vault = vaults.create("pg-policy");
        var server = ((FleetService.Enrolled) fleet.enroll(vault.id(), "pg-srv-01", "Linux", "6.1", "0.1.0",
                io.vaultfleet.protocol.identity.AgentKeys.encodePublic(
                        io.vaultfleet.protocol.identity.AgentKeys.generate().getPublic()))).server();
        var draft = new io.vaultfleet.console.policy.PolicyDraft("Nightly", List.of("SYSTEM_STATE", "FILES_AND_FOLDERS"),
                List.of("/srv/a", "/srv/b"), List.of("*.tmp"),
                io.vaultfleet.protocol.policy.BackupSchedule.weekly("Europe/Paris",
                        java.util.Set.of(java.time.DayOfWeek.SUNDAY), "02:00", "14:30"),
                new io.vaultfleet.console.policy.RetentionRules(0, 8, java.time.DayOfWeek.SUNDAY, 12, 1, 0,
                        java.time.Month.JANUARY, 1),
                new io.vaultfleet.protocol.policy.NetworkThrottle(512, 2048, List.of(java.time.DayOfWeek.MONDAY),
                        "08:00", "17:30", 3));
        var created = runAs(security, "admin", Role.OWNER, () -> policies.create(vault.id(), draft));
        runAs(security, "admin", Role.OWNER, () -> {
            policies.assign(created.id(), List.of(server.id()));
            return null;
        });
        var read = runAs(security, "admin", Role.READER, () -> policies.get(created.id()));
        assertThat(read.settings()).isEqualTo(draft);
        assertThat(read.agentPolicy().hash()).isEqualTo(created.agentPolicy().hash());
        var summary = runAs(security, "admin", Role.READER, () -> policies.forServers(List.of(server.id())));
        assertThat(summary.get(server.id()).policyName()).isEqualTo("Nightly");
        assertThat(summary.get(server.id()).nextBackupAt()).isNotNull();
    }

    @Test
    void fleetQueriesRun() {
        long rows = jdbc.sql("select count(*) from registered_server").query(Long.class).single();
        assertThat(runAs(security, Role.READER, () -> fleet.count(ServerQuery.all()))).isEqualTo(rows);
    }
}
