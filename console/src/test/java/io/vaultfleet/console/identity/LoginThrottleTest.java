package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.vaultfleet.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The sign-in throttle on the console's real table (its Flyway script), on H2 and on PostgreSQL, with a moved clock.
 */
class LoginThrottleTest {

    /** The same rules, run once per database. */
    abstract static class Rules {
        final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        LoginThrottle throttle;
        JdbcClient jdbc;

        abstract JdbcClient database();

        @org.junit.jupiter.api.BeforeEach
        void freshTable() throws Exception {
            jdbc = database();
            jdbc.sql("drop table if exists login_throttle").update();
            for (String statement : Files.readString(Path.of("src/main/resources/db/migration/V310__login_throttle.sql"))
                    .replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    jdbc.sql(statement).update();
                }
            }
            throttle = new LoginThrottle(jdbc, clock);
        }

        @Test
        void allowsTheFirstFourFailures() {
            failTimes(4, "admin", "10.0.0.1");
            assertThat(throttle.blockedFor("admin", "10.0.0.1")).isEmpty();
        }

        @Test
        void blocksAfterFiveFailuresForThirtySeconds() {
            failTimes(5, "admin", "10.0.0.1");
            assertThat(throttle.blockedFor("admin", "10.0.0.1")).contains(Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(29));
            assertThat(throttle.blockedFor("admin", "10.0.0.1")).contains(Duration.ofSeconds(1));
            clock.advance(Duration.ofSeconds(1));
            assertThat(throttle.blockedFor("admin", "10.0.0.1")).isEmpty();
        }

        @Test
        void eachFurtherFailureDoublesTheWaitUpToFifteenMinutes() {
            failTimes(6, "admin", "10.0.0.1");
            assertThat(throttle.blockedFor("admin", "10.0.0.1")).contains(Duration.ofSeconds(60));
            failTimes(10, "admin", "10.0.0.1");
            assertThat(throttle.blockedFor("admin", "10.0.0.1")).contains(Duration.ofMinutes(15));
        }

        @Test
        void userNameCaseDoesNotEscapeTheThrottle() {
            failTimes(5, "Admin", "10.0.0.1");
            assertThat(throttle.blockedFor(" ADMIN ", "10.0.0.1")).isPresent();
        }

        @Test
        void anAccountLockedFromOneAddressIsLockedFromEveryOther() {
            failTimes(5, "admin", "10.0.0.1");
            assertThat(throttle.blockedFor("admin", "10.0.0.2")).contains(Duration.ofSeconds(30));
            assertThat(throttle.blockedFor("someone-else", "10.0.0.2")).as("other accounts are not locked").isEmpty();
        }

        @Test
        void failuresSpreadOverManyAddressesAddUpForTheAccount() {
            for (int i = 0; i < 5; i++) {
                throttle.failed("admin", "10.0.1." + i);
            }
            assertThat(throttle.blockedFor("admin", "10.0.9.9")).isPresent();
        }

        @Test
        void oneAddressGuessingManyUserNamesIsBlockedToo() {
            for (int i = 0; i < 20; i++) {
                throttle.failed("user" + i, "10.0.0.9");
            }
            assertThat(throttle.blockedFor("someone-new", "10.0.0.9")).isPresent();
            assertThat(throttle.blockedFor("someone-new", "10.0.0.10")).isEmpty();
        }

        @Test
        void successClearsTheAccountsFailures() {
            failTimes(4, "admin", "10.0.0.1");
            throttle.succeeded("admin", "10.0.0.1");
            throttle.failed("admin", "10.0.0.2");
            assertThat(throttle.blockedFor("admin", "10.0.0.1")).isEmpty();
        }

        @Test
        void oldFailuresAreForgotten() {
            failTimes(4, "admin", "10.0.0.1");
            clock.advance(Duration.ofHours(1));
            throttle.failed("admin", "10.0.0.1");
            assertThat(throttle.blockedFor("admin", "10.0.0.1")).isEmpty();
        }

        @Test
        void rowsOfFinishedWindowsAreDeletedSoStorageStaysBounded() {
            for (int i = 0; i < 200; i++) {
                throttle.failed("user" + i, "10.0.2." + i);
            }
            assertThat(throttle.trackedKeys()).isEqualTo(400);
            clock.advance(LoginThrottle.WINDOW.plus(LoginThrottle.MAX_WAIT).plusSeconds(1));
            throttle.failed("late", "10.0.3.1");
            assertThat(throttle.trackedKeys()).as("only the late failure's account and address remain").isEqualTo(2);
        }

        @Test
        void theCountPerWindowIsCappedAndAHugeUserNameIsAcceptedAsAKey() {
            String huge = "x".repeat(10_000);
            failTimes(LoginThrottle.MAX_COUNTED + 5, huge, "10.0.0.1");
            assertThat(jdbc.sql("select max(failures) from login_throttle").query(Integer.class).single())
                    .isEqualTo(LoginThrottle.MAX_COUNTED);
            assertThat(throttle.blockedFor(huge, "10.0.0.7")).contains(LoginThrottle.MAX_WAIT);
        }

        private void failTimes(int n, String user, String address) {
            for (int i = 0; i < n; i++) {
                throttle.failed(user, address);
            }
        }
    }

    @Nested
    class OnH2 extends Rules {
        @Override
        JdbcClient database() {
            return JdbcClient.create(new DriverManagerDataSource(
                    "jdbc:h2:mem:throttle-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgres extends Rules {
        private EmbeddedPostgres postgres;
        private String url;

        @BeforeAll
        void start() {
            postgres = EmbeddedPostgres.start();
            url = postgres.createDatabase("throttle");
        }

        @AfterAll
        void stop() {
            postgres.close();
        }

        @Override
        JdbcClient database() {
            return JdbcClient.create(new DriverManagerDataSource(url, "postgres", ""));
        }
    }
}
