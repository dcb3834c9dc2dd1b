package io.vaultfleet.console.recovery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.fleet.AgentReportHandler;
import io.vaultfleet.console.fleet.FleetRoster;
import io.vaultfleet.console.fleet.ReportRejectedException;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.ProtectedItems;
import io.vaultfleet.console.platform.Timestamps;
import io.vaultfleet.protocol.RecoveryPointCreated;

/** Stores the recovery points agents report and lists them. */
@Service
public class RecoveryPointCatalog implements AgentReportHandler<RecoveryPointCreated> {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final JdbcTemplate batch;

    private final ProtectedItems protectedItems;
    private final ApplicationEventPublisher events;

    private final AccessControl access;
    private final FleetRoster fleet;

    RecoveryPointCatalog(JdbcClient jdbc, JdbcTemplate batch, Clock clock,
                         ProtectedItems protectedItems, ApplicationEventPublisher events,
                         AccessControl access, FleetRoster fleet) {
        this.access = access;
        this.fleet = fleet;
        this.events = events;
        this.protectedItems = protectedItems;
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    @Override
    public Class<RecoveryPointCreated> reportType() {
        return RecoveryPointCreated.class;
    }

    /** Called by the agent channel inside its delivery transaction. */
    @Override
    @Transactional
    public void store(ReportingServer server, RecoveryPointCreated report) {
        if (server.vaultId() == null) {
            throw new ReportRejectedException("server " + server.name() + " is not registered in a vault "
                    + "(development mode); register it to keep recovery points");
        }
        UUID item = protectedItems.ensure(server.vaultId(), server.id(), report.item(), server.name());
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into recovery_point (id, vault_id, protected_item_id, server_id, recovery_point_id, item,
                    created_at, file_count, size_bytes, new_bytes, reused_bytes, received_at)
                values (:id, :vault, :pi, :server, :rp, :item, :created, :files, :total, :new, :reused, :now)""")
                .param("id", id).param("vault", server.vaultId()).param("pi", item).param("server", server.id())
                .param("rp", report.recoveryPointId())
                .param("item", report.item()).param("created", Timestamps.toDb(report.createdAt()))
                .param("files", report.fileCount()).param("total", report.totalBytes())
                .param("new", report.newBytes()).param("reused", report.reusedBytes())
                .param("now", Timestamps.toDb(clock.instant())).update();
        List<Object[]> packs = report.packIds().stream().distinct().map(pack -> new Object[] {id, pack}).toList();
        batch.batchUpdate("insert into recovery_point_pack (recovery_point, pack_id) values (?, ?)", packs);
        protectedItems.addStoredBytes(item, report.newBytes());
        // a clean-up may have soft-deleted a pack this new point reuses: retention brings it back after commit
        events.publishEvent(new RecoveryPointReported(server.id(), report.recoveryPointId()));
    }

    /** The server's recovery points, newest first; needs Reader at the server's vault (or above it). */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<RecoveryPoint> forServer(UUID serverId) {
        UUID vaultId = fleet.vaultOf(serverId).orElse(null);
        access.requireAtVault(Role.READER, vaultId, "recovery-point.read");
        return jdbc.sql(SELECT + " where rp.server_id = :server order by rp.created_at desc")
                .param("server", serverId).query((rs, n) -> map(rs)).list();
    }

    /**
     * The vault's protected items that hold recovery points, with their count of kept points and the newest one, for
     * the vault's *Backup items*; needs Reader at the vault (or above it).
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<ItemPoints> itemsOfVault(UUID vaultId) {
        access.requireAtVault(Role.READER, vaultId, "recovery-point.read");
        return jdbc.sql("""
                select server_id, item, count(case when state = 'ACTIVE' then 1 end) as points,
                    max(case when state = 'ACTIVE' then created_at end) as latest
                from recovery_point where vault_id = :vault and server_id is not null
                group by server_id, item order by server_id, item""")
                .param("vault", vaultId)
                .query((rs, n) -> new ItemPoints(rs.getObject("server_id", UUID.class), rs.getString("item"),
                        rs.getLong("points"), Timestamps.fromDb(rs, "latest")))
                .list();
    }

    static final String SELECT = """
            select rp.*, (select count(*) from recovery_point_pack p where p.recovery_point = rp.id) as pack_count
            from recovery_point rp""";

    static RecoveryPoint map(ResultSet rs) throws SQLException {
        return new RecoveryPoint(rs.getObject("id", UUID.class), rs.getObject("server_id", UUID.class),
                rs.getString("recovery_point_id"), rs.getString("item"), Timestamps.fromDb(rs, "created_at"),
                rs.getLong("file_count"), rs.getLong("size_bytes"), rs.getLong("new_bytes"),
                rs.getLong("reused_bytes"), rs.getInt("pack_count"), Timestamps.fromDb(rs, "received_at"),
                RecoveryPoint.State.valueOf(rs.getString("state")), Timestamps.fromDb(rs, "retain_until"),
                Timestamps.fromDb(rs, "deleted_at"), Timestamps.fromDb(rs, "purge_after"),
                Timestamps.fromDb(rs, "undeleted_at"));
    }
}
