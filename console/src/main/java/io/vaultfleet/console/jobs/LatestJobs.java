package io.vaultfleet.console.jobs;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.platform.Timestamps;

/**
 * When each server's latest job started, for the whole fleet in one query (the missed-backup rule). For the console's
 * own background work: no user is involved, so there is no role check.
 */
@Component
public class LatestJobs {
    private final JdbcClient jdbc;

    LatestJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Server id to the start of its latest job that is not a restore (servers with no such job are absent). */
    @Transactional(readOnly = true)
    public Map<UUID, Instant> startedPerServer() {
        Map<UUID, Instant> starts = new HashMap<>();
        jdbc.sql("select server_id, max(started_at) as last_start from backup_job where server_id is not null"
                        + " and operation <> 'RESTORE'"
                        + " group by server_id")
                .query((ResultSet rs) -> {
                    starts.put(rs.getObject("server_id", UUID.class), Timestamps.fromDb(rs, "last_start"));
                });
        return starts;
    }
}
