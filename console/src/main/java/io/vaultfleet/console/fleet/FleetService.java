package io.vaultfleet.console.fleet;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.ui.ConsoleNotice;
import io.vaultfleet.console.ui.LiveUpdates;
import io.vaultfleet.protocol.AgentMessage;
import io.vaultfleet.protocol.ConsoleMessage;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.Reliable;
import io.vaultfleet.protocol.identity.AgentKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Who is in the fleet and who is online. The agent channel reports connections, heartbeats and disconnections
 * here; views read pages of servers and subscribe to status changes.
 */
@Service
public class FleetService {
    private static final Logger log = LoggerFactory.getLogger(FleetService.class);

    private final RegisteredServerRepository servers;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditLog audit;
    private final List<AgentReportHandler<?>> reportHandlers;
    private final List<AgentEventHandler<?>> eventHandlers;
    private final AgentSessions sessions;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final LiveUpdates<ServerStatusChanged> statusUpdates = new LiveUpdates<>(c -> vaultOf(c.serverId()));
    private final LiveUpdates<ServerListChanged> listUpdates = new LiveUpdates<>(c -> vaultOf(c.serverId()));
    private final Map<UUID, Optional<UUID>> serverVaults = new ConcurrentHashMap<>();
    private final AccessControl access;
    private final AgentCommandRelay relay;

    FleetService(RegisteredServerRepository servers, ApplicationEventPublisher events, Clock clock,
                 AuditLog audit, List<AgentReportHandler<?>> reportHandlers,
                 List<AgentEventHandler<?>> eventHandlers, AgentSessions sessions, AccessControl access,
                 AgentCommandRelay relay) {
        this.relay = relay;
        this.access = access;
        this.eventHandlers = List.copyOf(eventHandlers);
        this.sessions = sessions;
        this.audit = audit;
        this.reportHandlers = List.copyOf(reportHandlers);
        this.servers = servers;
        this.events = events;
        this.clock = clock;
    }

    // ---- for views ------------------------------------------------------------------------------------------

    // Servers belong to their vault: a user sees and acts on those of vaults where they hold a role (at the vault,
    // its resource group, its subscription or console-wide). A server admitted without a vault is console-wide.

    /** A page of the servers the signed-in user may read. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<RegisteredServer> list(ServerQuery query, int offset, int limit) {
        return servers.page(query, access.reach(Role.READER), offset, limit);
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public long count(ServerQuery query) {
        return servers.count(query, access.reach(Role.READER));
    }

    /** Counts of the servers the signed-in user may read, by status. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Map<ServerStatus, Long> countByStatus() {
        return servers.countByStatus(access.reach(Role.READER));
    }

    /** A server, if it exists; refused (and audited) when the user may not read its vault. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Optional<RegisteredServer> find(UUID id) {
        Optional<RegisteredServer> server = servers.findById(id);
        server.ifPresent(s -> access.requireAtVault(Role.READER, s.vaultId(), "server.read"));
        return server;
    }

    /**
     * The servers with these ids that exist (in no particular order). Refused (and audited) when any of them belongs
     * to a vault the user may not read: a request naming such a server is not quietly narrowed.
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<RegisteredServer> findAll(Collection<UUID> ids) {
        List<RegisteredServer> found = servers.findAllById(ids);
        found.stream().map(RegisteredServer::vaultId).distinct()
                .forEach(vault -> access.requireAtVault(Role.READER, vault, "server.read"));
        return found;
    }

    /** Whether the signed-in user holds {@code role} at the server's vault (for views that offer actions). */
    public boolean allows(Role role, RegisteredServer server) {
        return access.allowsAtVault(role, server.vaultId());
    }

    /** The vault a server belongs to (null: none), for features that place a server's events; cached. */
    public UUID vaultOf(UUID serverId) {
        if (serverId == null) {
            return null;
        }
        Optional<UUID> known = serverVaults.get(serverId);
        if (known == null) {
            known = servers.findById(serverId).map(RegisteredServer::vaultId);
            if (known.isEmpty()) {
                return null;
            }
            if (serverVaults.size() > 100_000) {
                serverVaults.clear();
            }
            serverVaults.put(serverId, known);
        }
        return known.orElse(null);
    }

    /**
     * Sends a message to a server's live connection: at once when this node holds it, else through the node that
     * does ({@link AgentCommandRelay}, several nodes on PostgreSQL). False when no node holds the server's connection.
     * Any console message routes the same way.
     */
    public boolean sendTo(UUID serverId, ConsoleMessage message) {
        var connection = sessions.forServer(serverId);
        if (connection.isEmpty() || !connection.get().isOpen()) {
            return relay.relay(serverId, message.getClass().getSimpleName(), AgentCommandRelay.acknowledgingJob(message),
                    codec.encode(message));
        }
        try {
            connection.get().send(codec.encode(message));
            return true;
        } catch (IOException e) {
            log.warn("could not send {} to server {}: {}", message.getClass().getSimpleName(), serverId, e.getMessage());
            return false;
        }
    }

    /**
     * A job cancelled before its agent acknowledged the command that starts it: that command is withdrawn, so no
     * node sends it again (several nodes on PostgreSQL). True when it was still waiting to be delivered.
     */
    public boolean withdrawCommand(UUID serverId, String jobId) {
        return relay.withdraw(serverId, jobId);
    }

    /**
     * Sends each server its message, as {@link #sendTo} does one by one, but with the commands for agents held by
     * other nodes routed together (one transaction). Returns the servers that no node holds (not sent).
     */
    public Set<UUID> sendToEach(Map<UUID, ? extends ConsoleMessage> messages) {
        Map<UUID, AgentCommandRelay.Outgoing> elsewhere = new LinkedHashMap<>();
        Map<UUID, AgentConnection> here = new LinkedHashMap<>();
        messages.forEach((serverId, message) -> {
            var connection = sessions.forServer(serverId).filter(AgentConnection::isOpen);
            if (connection.isPresent()) {
                here.put(serverId, connection.get());
            } else {
                elsewhere.put(serverId, new AgentCommandRelay.Outgoing(message.getClass().getSimpleName(),
                        AgentCommandRelay.acknowledgingJob(message), codec.encode(message)));
            }
        });
        // the other nodes' share first: they send it while this node writes its own
        Set<UUID> unreachable = new HashSet<>(relay.relayAll(elsewhere));
        here.forEach((serverId, connection) -> {
            ConsoleMessage message = messages.get(serverId);
            try {
                connection.send(codec.encode(message));
            } catch (IOException e) {
                log.warn("could not send {} to server {}: {}", message.getClass().getSimpleName(), serverId, e.getMessage());
                unreachable.add(serverId);
            }
        });
        return unreachable;
    }

    /**
     * Whether {@code signature} over {@code data} was made by the identity key {@code serverId} registered (and that
     * server is not unregistered): for features that must know a message really comes from that agent (Recover Data's
     * session key).
     */
    public boolean signedByRegisteredKey(UUID serverId, byte[] data, byte[] signature) {
        var key = servers.findKey(serverId);
        if (key.isEmpty() || key.get().publicKey() == null || key.get().revokedAt() != null) {
            return false;
        }
        return AgentKeys.verify(AgentKeys.decodePublic(key.get().publicKey()), data, signature);
    }

    /** The name of a vault, for filters that name it. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Optional<String> vaultName(UUID vaultId) {
        access.requireAtVault(Role.READER, vaultId, "vault.read");
        return servers.vaultName(vaultId);
    }

    /** The server's most recent connections, newest first. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<ServerConnectionRecord> connections(UUID serverId, int limit) {
        servers.findById(serverId).ifPresent(s -> access.requireAtVault(Role.READER, s.vaultId(), "server.read"));
        return servers.connections(serverId, Math.max(1, Math.min(limit, 500)));
    }

    /** Status changes, delivered inside the subscribing view's UI lock. */
    public LiveUpdates<ServerStatusChanged> statusUpdates() {
        return statusUpdates;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void forwardToViews(ServerStatusChanged change) {
        statusUpdates.publish(change);
    }

    /** Changes other features show on the servers list, delivered inside the subscribing view's UI lock. */
    public LiveUpdates<ServerListChanged> listUpdates() {
        return listUpdates;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void forwardToViews(ServerListChanged change) {
        listUpdates.publish(change);
    }

    // ---- for the agent channel ------------------------------------------------------------------------------

    /** Admits an agent that did not register (development mode): it is known by its host name. */
    @Transactional
    RegisteredServer admitUnregistered(Hello hello, AgentConnection connection) {
        Instant now = clock.instant();
        RegisteredServer server = servers.findUnregisteredByName(hello.hostName())
                .orElseGet(() -> servers.insertUnregistered(hello.hostName(), hello.osName(), hello.osVersion(),
                        hello.agentVersion(), now));
        return markOnline(server, hello, connection, now);
    }

    /** Admits an agent whose connection proved the key of {@code serverId}. */
    @Transactional
    RegisteredServer admitRegistered(UUID serverId, Hello hello, AgentConnection connection) {
        RegisteredServer server = servers.findById(serverId)
                .orElseThrow(() -> new IllegalStateException("server " + serverId + " vanished after its proof was checked"));
        return markOnline(server, hello, connection, clock.instant());
    }

    /**
     * Records a server that enrolled with its own key. The caller (enrollment) has checked the vault credentials;
     * from now on only connections signed by {@code publicKey} speak for this server.
     */
    @Transactional
    public RegisteredServer recordEnrollment(UUID vaultId, String name, String osName, String osVersion,
                                             String agentVersion, String publicKey) {
        AgentKeys.decodePublic(publicKey);
        RegisteredServer server = servers.insertEnrolled(vaultId, name, osName, osVersion, agentVersion, publicKey,
                clock.instant());
        log.info("server {} ({}) enrolled", server.name(), server.id());
        return server;
    }

    /**
     * Accepts a reliable report from {@code serverId}: stores it through its handler unless this delivery id was
     * accepted before. Returns whether it was new. Either way the agent gets a receipt.
     */
    @Transactional
    boolean acceptReport(UUID serverId, Reliable report) {
        AgentReportHandler<?> handler = reportHandlers.stream()
                .filter(h -> h.reportType().isInstance(report)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no handler for " + report.getClass().getSimpleName()));
        if (!servers.recordDelivery(serverId, report.deliveryId(), clock.instant())) {
            log.info("report {} from server {} was already stored; confirming it again", report.deliveryId(), serverId);
            return false;
        }
        RegisteredServer server = servers.findById(serverId).orElseThrow();
        storeWith(handler, new ReportingServer(server.id(), server.name(), server.vaultId()), report);
        return true;
    }

    /**
     * Storing a report from {@code serverId} failed ({@link #acceptReport} threw and rolled back): its handler says
     * so where users look, in a transaction of its own. Never throws: this runs while the failure is reported.
     */
    void reportNotStored(UUID serverId, Reliable report, String problem) {
        try {
            var handler = reportHandlers.stream().filter(h -> h.reportType().isInstance(report)).findFirst();
            var server = servers.findById(serverId);
            if (handler.isPresent() && server.isPresent()) {
                notStoredWith(handler.get(), new ReportingServer(server.get().id(), server.get().name(),
                        server.get().vaultId()), report, problem);
            }
        } catch (RuntimeException e) {
            log.error("could not record that report {} of server {} was not stored", report.deliveryId(), serverId, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Reliable> void notStoredWith(AgentReportHandler<T> handler,
                                                                                 ReportingServer server,
                                                                                 Reliable report,
                                                                                 String problem) {
        handler.notStored(server, (T) report, problem);
    }

    /** Passes a non-reliable agent message (progress) to its handler; false when no feature handles that type. */
    @Transactional
    boolean acceptEvent(UUID serverId, AgentMessage event) {
        var handler = eventHandlers.stream().filter(h -> h.eventType().isInstance(event)).findFirst();
        if (handler.isEmpty()) {
            return false;
        }
        RegisteredServer server = servers.findById(serverId).orElseThrow();
        handleWith(handler.get(), new ReportingServer(server.id(), server.name(), server.vaultId()), event);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <T extends AgentMessage> void handleWith(AgentEventHandler<T> handler,
                                                                                  ReportingServer server,
                                                                                  AgentMessage event) {
        handler.handle(server, (T) event);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Reliable> void storeWith(AgentReportHandler<T> handler,
                                                                             ReportingServer server,
                                                                             Reliable report) {
        handler.store(server, (T) report);
    }

    /** Outcome of {@link #enroll}. */
    public sealed interface Enrollment permits Enrolled, NameTaken {
    }

    public record Enrolled(RegisteredServer server, boolean reattached) implements Enrollment {
    }

    public record NameTaken(UUID existingServerId) implements Enrollment {
    }

    /**
     * Records a server that proved its key and presented valid vault credentials. A name already registered in the
     * vault is refused, unless an owner allowed that server to be re-registered (a reinstall): then the new key
     * replaces the old one and the server keeps its id, its history and its backups.
     */
    @Transactional
    public Enrollment enroll(UUID vaultId, String name, String osName, String osVersion, String agentVersion,
                             String publicKey) {
        AgentKeys.decodePublic(publicKey);
        Instant now = clock.instant();
        var existing = servers.findActiveInVault(vaultId, name);
        if (existing.isPresent()) {
            var taken = existing.get();
            if (taken.reregistrationUntil() == null || !now.isBefore(taken.reregistrationUntil())) {
                return new NameTaken(taken.id());
            }
            servers.rekey(taken.id(), publicKey, osName, osVersion, agentVersion, now);
            sessions.forServer(taken.id()).ifPresent(old -> old.close(AgentSessions.UNREGISTERED));
            log.info("server {} ({}) re-registered with a new key", taken.name(), taken.id());
            return new Enrolled(servers.findById(taken.id()).orElseThrow(), true);
        }
        RegisteredServer server = servers.insertEnrolled(vaultId, name, osName, osVersion, agentVersion, publicKey, now);
        log.info("server {} ({}) enrolled", server.name(), server.id());
        return new Enrolled(server, false);
    }

    /**
     * Lets the server be registered again (after a reinstall) during the next {@code window}: the next enrollment
     * with its name takes over its id and backups with a new key. Owners only.
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void allowReregistration(UUID serverId, Duration window) {
        RegisteredServer server = servers.findById(serverId).orElseThrow(() -> new IllegalArgumentException("No such server."));
        access.requireAtVault(Role.OWNER, server.vaultId(), "server.allow-reregistration");
        servers.allowReregistration(serverId, clock.instant().plus(window));
        audit.record("server.allow-reregistration", "server:" + serverId, AuditLog.Outcome.SUCCESS,
                server.name() + " for " + window.toHours() + " h");
    }

    /** Unregisters a server: its key no longer admits connections, and a live connection is closed. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public boolean unregister(UUID serverId, String reason) {
        servers.findById(serverId).ifPresent(s -> access.requireAtVault(Role.CONTRIBUTOR, s.vaultId(), "server.unregister"));
        Instant now = clock.instant();
        boolean revoked = servers.revoke(serverId, reason, now);
        if (revoked) {
            audit.record("server.unregister", "server:" + serverId, AuditLog.Outcome.SUCCESS,
                    reason);
            events.publishEvent(new ServerUnregistered(serverId, reason, now));
        }
        return revoked;
    }

    private RegisteredServer markOnline(RegisteredServer server, Hello hello, AgentConnection connection,
                                       Instant now) {
        boolean wasOnline = server.status() == ServerStatus.ONLINE;
        servers.markOnline(server.id(), hello.osName(), hello.osVersion(), hello.agentVersion(), now);
        long record = servers.openConnection(server.id(), now, connection.remoteAddress());
        connection.activate(server.id(), server.name(), record);
        connection.seen(now);
        if (!wasOnline) {
            announce(server.id(), server.name(), ServerStatus.ONLINE, now, "agent " + hello.agentVersion()
                    + " connected from " + connection.remoteAddress());
        }
        log.info("agent for server {} ({}) connected from {}", server.name(), server.id(), connection.remoteAddress());
        return servers.findById(server.id()).orElseThrow();
    }

    /** The connection closed (agent left, network cut, heartbeat missed, or replaced by a newer one). */
    @Transactional
    void disconnected(AgentConnection connection, boolean wasCurrent, String reason) {
        if (connection.serverId() == null) {
            return;
        }
        Instant now = clock.instant();
        if (connection.connectionRecordId() >= 0) {
            servers.closeConnection(connection.connectionRecordId(), now, reason);
        }
        if (wasCurrent) {
            relay.released(connection.serverId());
        }
        if (wasCurrent && servers.markOffline(connection.serverId(), now)) {
            announce(connection.serverId(), connection.serverName(), ServerStatus.OFFLINE, now, reason);
        }
        log.info("agent for server {} disconnected: {}", connection.serverName(), reason);
    }

    /** Saves when agents were last heard from, so other nodes and restarts see it. */
    @Transactional
    void recordSeen(List<UUID> serverIds, Instant at) {
        for (int i = 0; i < serverIds.size(); i += 500) {
            servers.touch(serverIds.subList(i, Math.min(serverIds.size(), i + 500)), at);
        }
    }

    /**
     * Marks offline the servers still recorded online that no node has heard from since {@code before}: their node
     * stopped or crashed without closing them.
     */
    @Transactional
    void expireStale(Instant before, Predicate<UUID> connectedHere) {
        Instant now = clock.instant();
        List<RegisteredServer> stale = new ArrayList<>(servers.findOnlineNotSeenSince(before));
        for (RegisteredServer server : stale) {
            if (connectedHere.test(server.id())) {
                continue;
            }
            if (servers.markOffline(server.id(), now)) {
                servers.closeOpenConnections(server.id(), now, "no heartbeat recorded");
                announce(server.id(), server.name(), ServerStatus.OFFLINE, now, "no heartbeat since " + server.lastSeenAt());
            }
        }
    }

    private void announce(UUID id, String name, ServerStatus status, Instant at, String reason) {
        events.publishEvent(new ServerStatusChanged(id, name, status, at, reason));
        events.publishEvent(new ConsoleNotice(status == ServerStatus.ONLINE ? ConsoleNotice.Level.SUCCESS
                : ConsoleNotice.Level.WARNING, "Server " + name + " is " + status.label().toLowerCase(), reason, at,
                vaultOf(id)));
    }
}
