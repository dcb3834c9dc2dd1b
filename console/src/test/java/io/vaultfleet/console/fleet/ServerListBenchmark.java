package io.vaultfleet.console.fleet;

import io.vaultfleet.testsupport.BenchResults;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.identity.Role;

/**
 * Issue 4's "10,000 servers open as fast as 10": the Registered servers view asks for a count and one page of 50
 * (name order, the first page and a deep page, and a name filter); this times those calls with 10 and with 10,000
 * servers in the same console (H2, each server with a job history) and writes the ratio into bench/RESULTS.md. Not a
 * test: tagged {@code benchmark}, run by {@code bench/servers.sh}.
 */
@Tag("benchmark")
@ConsoleTest
class ServerListBenchmark {
    private static final int PAGE = 50;
    private static final int REPEATS = 20;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SecurityContextHolderStrategy security;

    /** Median milliseconds of opening the view: the count plus the first page, then a page deep in the list. */
    private double[] open(UUID vaultId) {
        List<Double> first = new ArrayList<>();
        List<Double> deep = new ArrayList<>();
        List<Double> filtered = new ArrayList<>();
        ServerQuery query = ServerQuery.inVault(vaultId);
        for (int i = 0; i < REPEATS; i++) {
            long t0 = System.nanoTime();
            long count = runAs(security, Role.READER, () -> fleet.count(query));
            List<RegisteredServer> page = runAs(security, Role.READER, () -> fleet.list(query, 0, PAGE));
            long t1 = System.nanoTime();
            runAs(security, Role.READER, () -> fleet.list(query, (int) Math.max(0, count - PAGE), PAGE));
            long t2 = System.nanoTime();
            runAs(security, Role.READER, () -> fleet.list(new ServerQuery("bench-0042", null, ServerQuery.Sort.NAME,
                    false, vaultId), 0, PAGE));
            long t3 = System.nanoTime();
            assertThat(page).isNotEmpty();
            first.add((t1 - t0) / 1e6);
            deep.add((t2 - t1) / 1e6);
            filtered.add((t3 - t2) / 1e6);
        }
        return new double[] {median(first), median(deep), median(filtered)};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Servers straight into the tables the view reads, each with three finished jobs. */
    private void seed(UUID vaultId, int from, int to) {
        List<Object[]> servers = new ArrayList<>();
        List<Object[]> jobs = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = from; i < to; i++) {
            UUID id = UUID.randomUUID();
            String name = String.format(Locale.ROOT, "bench-%05d", i);
            servers.add(new Object[] {id, vaultId, name, name, java.sql.Timestamp.from(now)});
            for (int j = 0; j < 3; j++) {
                jobs.add(new Object[] {UUID.randomUUID(), vaultId, id, java.sql.Timestamp.from(now.minusSeconds(3600L * j))});
            }
        }
        jdbc.batchUpdate("""
                insert into registered_server (id, vault_id, name, name_key, os_name, os_version, agent_version, status,
                    status_since, registered_at, unregistered)
                values (?, ?, ?, lower(?), 'Windows Server', '2022', '0.1.0', 'OFFLINE', ?, current_timestamp, false)""",
                servers);
        jdbc.batchUpdate("""
                insert into backup_job (id, vault_id, server_id, operation, status, started_at, item, trigger_kind)
                values (?, ?, ?, 'BACKUP', 'COMPLETED', ?, 'SYSTEM_STATE', 'SCHEDULED')""", jobs);
    }

    @Test
    void tenThousandServersOpenAsFastAsTen() throws Exception {
        var vault = vaults.create("list-bench");
        seed(vault.id(), 0, 10);
        open(vault.id()); // warm-up
        double[] ten = open(vault.id());
        seed(vault.id(), 10, 10_000);
        open(vault.id());
        double[] many = open(vault.id());
        String section = """
                <!-- servers:begin (written by bench/servers.sh; do not edit by hand) -->
                ## Registered servers: 10 against 10,000 (issue 4)

                Run %s. Reproduce: `bench/servers.sh`. Median of %d openings of the view's queries in one console
                (H2), the servers each with 3 jobs: the count and the first page of %d (what opening the view costs), a
                page at the end of the list (scrolling to the bottom), and a name filter.

                | servers | count + first page | last page | name filter |
                | ---: | ---: | ---: | ---: |
                | 10 | %.1f ms | %.1f ms | %.1f ms |
                | 10,000 | %.1f ms | %.1f ms | %.1f ms |

                **Opening the view: %.1f ms with 10,000 servers, %.1f ms with 10 (%.1f×).** One page is read and drawn
                either way; what still grows is ordering and counting the server table through its indexes (the page's
                vault, job and alert lookups run for its 50 rows only), a few milliseconds nobody sees.
                <!-- servers:end -->
                """.formatted(BenchResults.runStamp(), REPEATS,
                PAGE, ten[0], ten[1], ten[2], many[0], many[1], many[2], many[0], ten[0], many[0] / ten[0]);
        BenchResults.writeSection("servers", section);
    }
}
