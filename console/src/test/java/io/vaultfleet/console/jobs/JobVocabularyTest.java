package io.vaultfleet.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.testsupport.EmbeddedPostgres;

/**
 * The database's job vocabulary is the code's: the check constraints on {@code backup_job.status} and {@code stage}
 * list exactly the enums' names, and the columns hold the longest of them, on H2 and on PostgreSQL (the console's
 * real migrations, run by Flyway).
 */
class JobVocabularyTest {
    private static final Pattern QUOTED = Pattern.compile("'([A-Z_]+)'");

    @Test
    void h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:vocabulary-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        check(h2);
    }

    @Test
    void postgres() {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            check(new DriverManagerDataSource(postgres.createDatabase("vocabulary"), "postgres", ""));
        }
    }

    private static void check(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);

        assertThat(listed(jdbc, "BACKUP_JOB_STATUS_KNOWN")).as("status check")
                .isEqualTo(names(JobStatus.values()));
        assertThat(listed(jdbc, "BACKUP_JOB_STAGE_KNOWN")).as("stage check")
                .isEqualTo(names(JobStage.values()));

        assertThat(listed(jdbc, "BACKUP_JOB_OPERATION_KNOWN")).as("operation check")
                .isEqualTo(names(JobOperation.values()));

        int longest = Math.max(longest(JobStatus.values()), longest(JobStage.values()));
        for (String column : new String[] {"STATUS", "STAGE"}) {
            assertThat(jdbc.sql("select character_maximum_length from information_schema.columns"
                            + " where upper(table_name) = 'BACKUP_JOB' and upper(column_name) = :c")
                    .param("c", column).query(Integer.class).single())
                    .as(column + " holds every name").isGreaterThanOrEqualTo(longest);
        }
    }

    private static int longest(Enum<?>[] values) {
        return Arrays.stream(values).mapToInt(v -> v.name().length()).max().orElseThrow();
    }

    /** The names a check constraint's clause quotes, in order. */
    private static Set<String> listed(JdbcClient jdbc, String constraint) {
        String clause = jdbc.sql("select check_clause from information_schema.check_constraints"
                        + " where upper(constraint_name) = :c").param("c", constraint).query(String.class).single();
        Set<String> names = new LinkedHashSet<>();
        Matcher m = QUOTED.matcher(clause);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> names(Enum<?>[] values) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(values).map(Enum::name).forEach(names::add);
        return names;
    }
}
