package io.vaultfleet.console.readmodel;

import io.vaultfleet.console.identity.VaultReach;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.platform.Timestamps;

/**
 * The dashboard's aggregates, each one query over the whole fleet (or one vault), read-only from the fleet, jobs,
 * alerts, recovery point, vault, subscription, credentials and replication tables, so the dashboard costs the same
 * for 10 servers as for 10,000. Every figure counts only vaults in the reach it is given.
 */
@Repository
public class DashboardFacts {
    private final JdbcClient jdbc;

    DashboardFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One vault (or all) of those in the user's reach: every figure counts only vaults the user may read. */
    private static String inVault(UUID vaultId, VaultReach reach, String column) {
        return (vaultId == null ? "" : " and " + column + " = :vault") + " and " + VaultsInReach.sql(reach, column);
    }

    private static Map<String, Object> vault(UUID vaultId, VaultReach reach) {
        Map<String, Object> params = new HashMap<>(VaultsInReach.params(reach));
        if (vaultId != null) {
            params.put("vault", vaultId);
        }
        return params;
    }

    public long[] onlineOffline(UUID vaultId, VaultReach reach) {
        long[] counts = new long[2];
        jdbc.sql("select status, count(*) as n from registered_server where revoked_at is null and not unregistered"
                        + inVault(vaultId, reach, "vault_id") + " group by status")
                .params(vault(vaultId, reach)).query((ResultSet rs) -> {
                    counts["ONLINE".equals(rs.getString("status")) ? 0 : 1] += rs.getLong("n");
                });
        return counts;
    }

    /** Finished jobs since {@code since}: status to count. */
    public Map<String, Long> jobsEndedSince(UUID vaultId, VaultReach reach, Instant since) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("select status, count(*) as n from backup_job where ended_at >= :since" + inVault(vaultId, reach, "vault_id")
                        + " group by status")
                .params(vault(vaultId, reach)).param("since", Timestamps.toDb(since)).query((ResultSet rs) -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    public long missedAlertsRaisedSince(UUID vaultId, VaultReach reach, Instant since) {
        return jdbc.sql("select count(*) from vault_alert where rule = 'BACKUP_MISSED' and raised_at >= :since"
                        + inVault(vaultId, reach, "vault_id"))
                .params(vault(vaultId, reach)).param("since", Timestamps.toDb(since)).query(Long.class).single();
    }

    public long serversWithoutRecoveryPointSince(UUID vaultId, VaultReach reach, Instant since) {
        return jdbc.sql("""
                select count(*) from registered_server s where s.revoked_at is null and not s.unregistered
                  and s.vault_id is not null and not exists (select 1 from recovery_point r
                      where r.server_id = s.id and r.created_at >= :since)""" + inVault(vaultId, reach, "s.vault_id"))
                .params(vault(vaultId, reach)).param("since", Timestamps.toDb(since)).query(Long.class).single();
    }

    /** Agent versions of the registered servers, with how many run each. */
    public Map<String, Long> agentVersions(UUID vaultId, VaultReach reach) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("select agent_version, count(*) as n from registered_server where revoked_at is null"
                        + " and not unregistered" + inVault(vaultId, reach, "vault_id") + " group by agent_version")
                .params(vault(vaultId, reach)).query((ResultSet rs) -> {
                    counts.merge(String.valueOf(rs.getString("agent_version")), rs.getLong("n"), Long::sum);
                });
        return counts;
    }

    public long credentialsExpiringBetween(UUID vaultId, VaultReach reach, Instant from, Instant to) {
        return jdbc.sql("select count(*) from vault_credential where revoked_at is null and expires_at > :from"
                        + " and expires_at <= :to" + inVault(vaultId, reach, "vault_id"))
                .params(vault(vaultId, reach)).param("from", Timestamps.toDb(from)).param("to", Timestamps.toDb(to))
                .query(Long.class).single();
    }

    /** Geo-redundant vaults whose secondary copy is behind (blobs waiting, or the last pass stopped on an error). */
    public long replicationLagging(UUID vaultId, VaultReach reach) {
        return jdbc.sql("select count(*) from replication_state r join vault v on v.id = r.vault_id"
                        + " where v.redundancy = 'GEO_REDUNDANT' and (r.pending_blobs > 0 or r.last_error is not null)"
                        + inVault(vaultId, reach, "r.vault_id"))
                .params(vault(vaultId, reach)).query(Long.class).single();
    }

    public record VaultStorage(UUID vaultId, String vaultName, String subscriptionName, long storedBytes,
                               long addedRecently) {
        /** The vault as lists name it: with its subscription, since names repeat across subscriptions. */
        public String vaultLabel() {
            return subscriptionName == null ? vaultName : vaultName + " (" + subscriptionName + ")";
        }
    }

    /** Bytes each vault's recovery points added to storage, in total and since {@code since}. */
    public List<VaultStorage> storagePerVault(UUID vaultId, VaultReach reach, Instant since) {
        return jdbc.sql("""
                select v.id, v.name, (select s.name from subscription s where s.id = v.subscription_id) as sub,
                       coalesce((select sum(r.new_bytes) from recovery_point r where r.vault_id = v.id), 0) as stored,
                       coalesce((select sum(r.new_bytes) from recovery_point r where r.vault_id = v.id
                                 and r.created_at >= :since), 0) as added
                from vault v where 1 = 1""" + inVault(vaultId, reach, "v.id") + " order by stored desc, v.name")
                .params(vault(vaultId, reach)).param("since", Timestamps.toDb(since))
                .query((rs, n) -> new VaultStorage(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("sub"), rs.getLong("stored"), rs.getLong("added")))
                .list();
    }

    /**
     * Jobs of one status that ended in one quarter hour starting at {@code start}. Quarter hours of the epoch, because
     * every time zone's midnight falls on one: the caller sums them into the days of the browser's zone.
     */
    public record QuarterHour(Instant start, String status, long jobs, long bytes) {
    }

    /** Jobs that ended since {@code since}, per quarter hour and status, with the bytes they stored. */
    public List<QuarterHour> jobsPerQuarterHour(UUID vaultId, VaultReach reach, Instant since) {
        return jdbc.sql("""
                select floor(extract(epoch from ended_at) / 900) as slot, status, count(*) as n,
                    coalesce(sum(bytes_transferred), 0) as b
                from backup_job where ended_at >= :since""" + inVault(vaultId, reach, "vault_id")
                        + " group by floor(extract(epoch from ended_at) / 900), status")
                .params(vault(vaultId, reach)).param("since", Timestamps.toDb(since))
                .query((rs, n) -> new QuarterHour(Instant.ofEpochSecond(rs.getLong("slot") * 900),
                        rs.getString("status"), rs.getLong("n"), rs.getLong("b")))
                .list();
    }

    /** The time of each registered server's newest recovery point (null: none yet). */
    public List<Instant> lastRecoveryPoints(UUID vaultId, VaultReach reach) {
        List<Instant> last = new ArrayList<>();
        jdbc.sql("""
                select (select max(r.created_at) from recovery_point r where r.server_id = s.id) as last_point
                from registered_server s where s.revoked_at is null and not s.unregistered and s.vault_id is not null"""
                        + inVault(vaultId, reach, "s.vault_id"))
                .params(vault(vaultId, reach)).query((ResultSet rs) -> {
                    last.add(Timestamps.fromDb(rs, "last_point"));
                });
        return last;
    }
}
