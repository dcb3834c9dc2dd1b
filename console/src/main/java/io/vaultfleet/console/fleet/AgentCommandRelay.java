package io.vaultfleet.console.fleet;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.vaultfleet.console.platform.ClusterSignals;
import io.vaultfleet.console.platform.ConsoleNode;
import io.vaultfleet.console.platform.Timestamps;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.ConsoleMessage;

/**
 * Carries console messages to agents held by another console node (docs/decisions/026). The node that holds an
 * agent's WebSocket records it in {@code agent_holder}; a node that must send to an agent it does not hold writes
 * the encoded frame to {@code pending_agent_command} and wakes the nodes with a {@code NOTIFY} naming the server; the
 * holder takes the server's rows (a {@code SELECT … FOR UPDATE} and {@code DELETE} in one transaction, so exactly one
 * node takes each command, once) and sends them in the order they were written.
 * <p>
 * A command whose holder went away stays for the node the agent reconnects to, which takes it right after the
 * agent's welcome; one nobody takes before it expires ({@code vaultfleet.agents.command-ttl}) is dropped with a
 * warning in the log. On H2 (one node) nothing of this runs: a server not connected here is not connected anywhere.
 * <p>
 * A Back Up Now is delivered at least once (docs/decisions/031): the holder leases it ({@code claimed_by},
 * {@code claimed_until}, {@code vaultfleet.agents.command-lease}) rather than deleting it, and it is deleted when the
 * agent reports on its job ({@link #acknowledged}, on whichever node receives the report). A node that dies between
 * the lease and the send leaves it leased; once the lease runs out, the node holding the agent then takes it again.
 * The agent runs a job id once however often it receives it, so a command sent twice starts one backup. Other
 * commands (no job report acknowledges them) are deleted when taken, as before: at most once.
 */
@Component
class AgentCommandRelay implements DisposableBean {
    static final String CHANNEL = "vaultfleet_agent_command";
    private static final Logger log = LoggerFactory.getLogger(AgentCommandRelay.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transaction;
    private final ClusterSignals signals;
    private final ConsoleNode node;
    private final AgentSessions sessions;
    private final Clock clock;
    private final Duration ttl;
    private final Duration lease;
    /** Test hook: runs after a take's lease committed, before the send (a test makes the node "die" there). */
    volatile Consumer<List<UUID>> afterLease = ids -> { };
    private final Set<UUID> toTake = new LinkedHashSet<>();
    private final Thread taker;
    private volatile boolean running = true;

    AgentCommandRelay(JdbcClient jdbc, JdbcTemplate batch, PlatformTransactionManager transactions, ClusterSignals signals,
                      ConsoleNode node, AgentSessions sessions, Clock clock,
                      @Value("${vaultfleet.agents.command-ttl:5m}") Duration ttl,
                      @Value("${vaultfleet.agents.command-lease:10s}") Duration lease) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transaction = new TransactionTemplate(transactions);
        this.signals = signals;
        this.node = node;
        this.sessions = sessions;
        this.clock = clock;
        this.ttl = ttl;
        this.lease = lease;
        signals.subscribe(CHANNEL, payload -> {
            for (String id : payload.split(",")) {
                wake(UUID.fromString(id));
            }
        });
        signals.onReconnect(this::takeForHeldServers);
        this.taker = signals.clustered() ? Thread.ofPlatform().daemon().name("agent-command-taker").start(this::takeLoop)
                : null;
    }

    /**
     * Queues {@code frame} for the node that holds {@code serverId}; false when no live node holds it (the server is
     * offline everywhere: the caller does what it does for an offline server).
     */
    boolean relay(UUID serverId, String kind, String jobId, String frame) {
        if (!signals.clustered()) {
            return false;
        }
        Optional<String> holder = jdbc.sql("select node_id from agent_holder where server_id = :s")
                .param("s", serverId).query(String.class).optional();
        if (holder.isEmpty() || holder.get().equals(node.id()) || !node.isAlive(holder.get())) {
            return false;
        }
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            insert(serverId, new Outgoing(kind, jobId, frame), now, now.plus(ttl));
            signals.send(CHANNEL, serverId.toString());
        });
        return true;
    }

    /**
     * A command for one server, encoded, for {@link #relayAll}; {@code jobId} names the job whose report acknowledges
     * it (null: none does, it is delivered at most once).
     */
    record Outgoing(String kind, String jobId, String frame) {
    }

    /** The job id whose first report acknowledges {@code message}: a Back Up Now's; null for any other command. */
    static String acknowledgingJob(ConsoleMessage message) {
        return message instanceof BackupNow backUp ? backUp.jobId() : null;
    }

    private void insertAll(List<UUID> serverIds, Map<UUID, Outgoing> commands, Instant now, Instant expires) {
        Object at = Timestamps.toDb(now);
        Object until = Timestamps.toDb(expires);
        batch.batchUpdate("""
                insert into pending_agent_command (server_id, frame, kind, job_id, issued_by, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)""", serverIds, 500, (ps, serverId) -> {
            Outgoing command = commands.get(serverId);
            ps.setObject(1, serverId);
            ps.setString(2, command.frame());
            ps.setString(3, command.kind());
            ps.setString(4, command.jobId());
            ps.setString(5, node.id());
            ps.setObject(6, at);
            ps.setObject(7, until);
        });
    }

    private void insert(UUID serverId, Outgoing command, Instant now, Instant expires) {
        insertAll(List.of(serverId), Map.of(serverId, command), now, expires);
    }

    /**
     * The agent of {@code serverId} reported on job {@code jobId}: the command that started it reached it, and is no
     * longer sent again by any node.
     */
    void acknowledged(UUID serverId, String jobId) {
        if (signals.clustered()) {
            jdbc.sql("delete from pending_agent_command where server_id = :s and job_id = :j")
                    .param("s", serverId).param("j", jobId).update();
        }
    }

    /**
     * Withdraws the command that starts job {@code jobId} on {@code serverId} if no agent has acknowledged it yet (the
     * job was cancelled meanwhile): no node sends it again. True when one was still pending. Without this, a cancel
     * delivered while a dead node's lease ran would reach the agent before the Back Up Now it cancels, be ignored
     * there, and the backup re-sent after the lease would run.
     */
    boolean withdraw(UUID serverId, String jobId) {
        if (!signals.clustered()) {
            return false;
        }
        return jdbc.sql("delete from pending_agent_command where server_id = :s and job_id = :j")
                .param("s", serverId).param("j", jobId).update() > 0;
    }

    /**
     * As {@link #relay} for many servers at once (Back Up Now for a fleet): one lookup of the holders, one
     * transaction for the rows and a few notifications naming up to 200 servers each. Returns the servers no live
     * node holds.
     */
    Set<UUID> relayAll(Map<UUID, Outgoing> commands) {
        if (!signals.clustered() || commands.isEmpty()) {
            return commands.keySet();
        }
        Set<String> alive = new HashSet<>(node.aliveNodes());
        alive.remove(node.id());
        List<UUID> ids = List.copyOf(commands.keySet());
        List<UUID> routed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 500) {
            jdbc.sql("select server_id, node_id from agent_holder where server_id in (:s)")
                    .param("s", ids.subList(i, Math.min(ids.size(), i + 500)))
                    .query((rs, n) -> Map.entry(rs.getObject("server_id", UUID.class), rs.getString("node_id")))
                    .list().stream().filter(e -> alive.contains(e.getValue())).forEach(e -> routed.add(e.getKey()));
        }
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            // one batch (was one statement per server: 667 round trips for 1,000 servers on three nodes)
            insertAll(routed, commands, now, now.plus(ttl));
            for (int i = 0; i < routed.size(); i += 200) {
                signals.send(CHANNEL, String.join(",", routed.subList(i, Math.min(routed.size(), i + 200)).stream()
                        .map(UUID::toString).toList()));
            }
        });
        Set<UUID> unreachable = new HashSet<>(commands.keySet());
        routed.forEach(unreachable::remove);
        return unreachable;
    }

    /** This node now holds the server's connection: route its commands here and send what waits for it. */
    @EventListener
    void welcomed(AgentWelcomed welcomed) {
        if (!signals.clustered()) {
            return;
        }
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            jdbc.sql("delete from agent_holder where server_id = :s").param("s", welcomed.serverId()).update();
            jdbc.sql("insert into agent_holder (server_id, node_id, since) values (:s, :n, :t)")
                    .param("s", welcomed.serverId()).param("n", node.id()).param("t", Timestamps.toDb(now)).update();
        });
        take(List.of(welcomed.serverId()));
    }

    /** The server's current connection here closed: commands for it are no longer routed to this node. */
    void released(UUID serverId) {
        if (signals.clustered()) {
            jdbc.sql("delete from agent_holder where server_id = :s and node_id = :n")
                    .param("s", serverId).param("n", node.id()).update();
        }
    }

    private void wake(UUID serverId) {
        if (sessions.forServer(serverId).isEmpty()) {
            return;
        }
        synchronized (toTake) {
            toTake.add(serverId);
            toTake.notifyAll();
        }
    }

    private void takeLoop() {
        while (running) {
            List<UUID> batch;
            synchronized (toTake) {
                while (toTake.isEmpty() && running) {
                    try {
                        toTake.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = new ArrayList<>(toTake);
                toTake.clear();
            }
            try {
                take(batch);
            } catch (RuntimeException e) {
                log.warn("taking agent commands for {} servers failed; the next sweep tries again: {}", batch.size(),
                        e.getMessage());
            }
        }
    }

    private record Command(long id, UUID serverId, String frame, String kind, String jobId, Instant expiresAt,
                           String leasedBy) {
        boolean leased() {
            return jobId != null;
        }
    }

    /**
     * Takes the commands waiting for these servers, oldest first, and sends them: those acknowledged by a job report
     * are leased (one node at a time, again once the lease ran out unacknowledged), the others deleted (exactly once).
     */
    void take(List<UUID> serverIds) {
        for (int i = 0; i < serverIds.size(); i += 500) {
            List<UUID> chunk = serverIds.subList(i, Math.min(serverIds.size(), i + 500));
            Instant now = clock.instant();
            List<Command> taken = transaction.execute(status -> {
                List<Command> rows = jdbc.sql("""
                        select id, server_id, frame, kind, job_id, expires_at, claimed_by from pending_agent_command
                        where server_id in (:s) and (claimed_until is null or claimed_until < :now)
                        order by id for update""")
                        .param("s", chunk).param("now", Timestamps.toDb(now))
                        .query((rs, n) -> new Command(rs.getLong("id"), rs.getObject("server_id", UUID.class),
                                rs.getString("frame"), rs.getString("kind"), rs.getString("job_id"),
                                Timestamps.fromDb(rs, "expires_at"), rs.getString("claimed_by")))
                        .list();
                List<Long> once = rows.stream().filter(c -> !c.leased()).map(Command::id).toList();
                List<Long> leased = rows.stream().filter(Command::leased).map(Command::id).toList();
                if (!once.isEmpty()) {
                    jdbc.sql("delete from pending_agent_command where id in (:ids)").param("ids", once).update();
                }
                if (!leased.isEmpty()) {
                    jdbc.sql("update pending_agent_command set claimed_by = :n, claimed_until = :until where id in (:ids)")
                            .param("n", node.id()).param("until", Timestamps.toDb(now.plus(lease)))
                            .param("ids", leased).update();
                }
                return rows;
            });
            if (taken.isEmpty()) {
                continue;
            }
            for (Command command : taken) {
                if (command.leasedBy() != null) {
                    log.info("{} for job {} of server {}: not acknowledged within the lease of {} (taken by {}); "
                            + "sent again", command.kind(), command.jobId(), command.serverId(), lease, command.leasedBy());
                }
            }
            afterLease.accept(taken.stream().map(Command::serverId).distinct().toList());
            send(taken);
        }
    }

    private void send(List<Command> commands) {
        Instant now = clock.instant();
        List<Command> undelivered = new ArrayList<>();
        for (Command command : commands) {
            if (command.expiresAt().isBefore(now)) {
                log.warn("agent command {} for server {} expired before a node holding the server could send it; dropped",
                        command.kind(), command.serverId());
                continue;
            }
            var connection = sessions.forServer(command.serverId()).filter(AgentConnection::isOpen);
            try {
                if (connection.isEmpty()) {
                    undelivered.add(command);
                    continue;
                }
                connection.get().send(command.frame());
            } catch (IOException e) {
                log.warn("could not send {} to server {}: {}; it waits for the server's next connection",
                        command.kind(), command.serverId(), e.getMessage());
                undelivered.add(command);
            }
        }
        if (!undelivered.isEmpty()) {
            // the connection closed between the take and the send: the command waits for the next holder (a leased
            // one is released, the others written again)
            transaction.executeWithoutResult(status -> undelivered.forEach(c -> {
                if (c.leased()) {
                    jdbc.sql("update pending_agent_command set claimed_by = null, claimed_until = null where id = :id")
                            .param("id", c.id()).update();
                } else {
                    insert(c.serverId(), new Outgoing(c.kind(), null, c.frame()), now, c.expiresAt());
                }
            }));
        }
    }

    /**
     * A safety net under the notifications (one lost while the listening connection was down): every few seconds,
     * takes what waits for servers held here, and drops what expired.
     */
    @Scheduled(fixedDelayString = "${vaultfleet.agents.command-sweep-interval:2s}")
    void sweep() {
        if (!signals.clustered()) {
            return;
        }
        OffsetDateTime now = Timestamps.toDb(clock.instant());
        int sentNeverAcknowledged = jdbc.sql(
                        "delete from pending_agent_command where expires_at < :now and claimed_by is not null")
                .param("now", now).update();
        int neverSent = jdbc.sql("delete from pending_agent_command where expires_at < :now")
                .param("now", now).update();
        if (sentNeverAcknowledged > 0) {
            log.warn("{} agent command(s) expired after being sent without the agent acknowledging them; dropped",
                    sentNeverAcknowledged);
        }
        if (neverSent > 0) {
            log.warn("{} agent command(s) expired before any node holding their server could send them; dropped",
                    neverSent);
        }
        takeForHeldServers();
    }

    private void takeForHeldServers() {
        List<UUID> waiting = jdbc.sql("""
                select distinct server_id from pending_agent_command
                where claimed_until is null or claimed_until < :now""")
                .param("now", Timestamps.toDb(clock.instant())).query(UUID.class).list();
        List<UUID> held = waiting.stream().filter(id -> sessions.forServer(id).isPresent()).toList();
        if (!held.isEmpty()) {
            take(held);
        }
    }

    @Override
    public void destroy() {
        running = false;
        if (taker != null) {
            taker.interrupt();
        }
    }
}
