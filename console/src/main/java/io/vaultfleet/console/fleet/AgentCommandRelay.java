package io.vaultfleet.console.fleet;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.vaultfleet.console.platform.ClusterSignals;
import io.vaultfleet.console.platform.ConsoleNode;
import io.vaultfleet.console.platform.Timestamps;

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
 */
@Component
class AgentCommandRelay implements DisposableBean {
    static final String CHANNEL = "vaultfleet_agent_command";
    private static final Logger log = LoggerFactory.getLogger(AgentCommandRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ClusterSignals signals;
    private final ConsoleNode node;
    private final AgentSessions sessions;
    private final Clock clock;
    private final Duration ttl;
    private final Set<UUID> toTake = new LinkedHashSet<>();
    private final Thread taker;
    private volatile boolean running = true;

    AgentCommandRelay(JdbcClient jdbc, PlatformTransactionManager transactions, ClusterSignals signals,
                      ConsoleNode node, AgentSessions sessions, Clock clock,
                      @Value("${vaultfleet.agents.command-ttl:5m}") Duration ttl) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.signals = signals;
        this.node = node;
        this.sessions = sessions;
        this.clock = clock;
        this.ttl = ttl;
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
    boolean relay(UUID serverId, String kind, String frame) {
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
            jdbc.sql("""
                    insert into pending_agent_command (server_id, frame, kind, issued_by, created_at, expires_at)
                    values (:s, :f, :k, :n, :now, :exp)""")
                    .param("s", serverId).param("f", frame).param("k", kind).param("n", node.id())
                    .param("now", Timestamps.toDb(now)).param("exp", Timestamps.toDb(now.plus(ttl))).update();
            signals.send(CHANNEL, serverId.toString());
        });
        return true;
    }

    /** A command for one server, encoded, for {@link #relayAll}. */
    record Outgoing(String kind, String frame) {
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
            for (UUID serverId : routed) {
                Outgoing command = commands.get(serverId);
                jdbc.sql("""
                        insert into pending_agent_command (server_id, frame, kind, issued_by, created_at, expires_at)
                        values (:s, :f, :k, :n, :now, :exp)""")
                        .param("s", serverId).param("f", command.frame()).param("k", command.kind()).param("n", node.id())
                        .param("now", Timestamps.toDb(now)).param("exp", Timestamps.toDb(now.plus(ttl))).update();
            }
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

    private record Command(long id, UUID serverId, String frame, String kind, Instant expiresAt) {
    }

    /** Takes (exactly once across nodes) and sends the commands waiting for these servers, oldest first. */
    void take(List<UUID> serverIds) {
        for (int i = 0; i < serverIds.size(); i += 500) {
            List<UUID> chunk = serverIds.subList(i, Math.min(serverIds.size(), i + 500));
            List<Command> taken = transaction.execute(status -> {
                List<Command> rows = jdbc.sql("""
                        select id, server_id, frame, kind, expires_at from pending_agent_command
                        where server_id in (:s) order by id for update""")
                        .param("s", chunk)
                        .query((rs, n) -> new Command(rs.getLong("id"), rs.getObject("server_id", UUID.class),
                                rs.getString("frame"), rs.getString("kind"), Timestamps.fromDb(rs, "expires_at")))
                        .list();
                if (!rows.isEmpty()) {
                    jdbc.sql("delete from pending_agent_command where id in (:ids)")
                            .param("ids", rows.stream().map(Command::id).toList()).update();
                }
                return rows;
            });
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
            // the connection closed between the take and the send: the command waits for the next holder
            transaction.executeWithoutResult(status -> undelivered.forEach(c -> jdbc.sql("""
                    insert into pending_agent_command (server_id, frame, kind, issued_by, created_at, expires_at)
                    values (:s, :f, :k, :n, :now, :exp)""")
                    .param("s", c.serverId()).param("f", c.frame()).param("k", c.kind()).param("n", node.id())
                    .param("now", Timestamps.toDb(now)).param("exp", Timestamps.toDb(c.expiresAt())).update()));
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
        int expired = jdbc.sql("delete from pending_agent_command where expires_at < :now")
                .param("now", Timestamps.toDb(clock.instant())).update();
        if (expired > 0) {
            log.warn("{} agent command(s) expired before any node holding their server could send them; dropped", expired);
        }
        takeForHeldServers();
    }

    private void takeForHeldServers() {
        List<UUID> waiting = jdbc.sql("select distinct server_id from pending_agent_command")
                .query(UUID.class).list();
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
