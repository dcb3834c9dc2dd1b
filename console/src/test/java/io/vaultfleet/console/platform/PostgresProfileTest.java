package io.vaultfleet.console.platform;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
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
import io.vaultfleet.testsupport.EmbeddedPostgres;

/** The {@code postgres} profile on a real PostgreSQL server: the same Flyway migrations, the same services. */
@SpringBootTest(classes = ConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class PostgresProfileTest {
    private static EmbeddedPostgres postgres;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        postgres = EmbeddedPostgres.start();
        String url = postgres.createDatabase("vaultfleet");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopDatabase() {
        if (postgres != null) {
            postgres.close();
        }
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

    @Test
    void fleetQueriesRun() {
        assertThat(runAs(security, Role.READER, () -> fleet.count(ServerQuery.all()))).isZero();
    }
}
