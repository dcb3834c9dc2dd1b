package io.vaultfleet.console.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerSchedules;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.platform.OrderedWork;
import io.vaultfleet.console.ui.LiveUpdates;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.protocol.PolicyAssigned;
import io.vaultfleet.protocol.policy.NetworkThrottle;
import io.vaultfleet.protocol.policy.AgentPolicy;
import io.vaultfleet.protocol.policy.BackupSchedule;

/**
 * Named backup policies of a vault and the servers that use them. The console is the authority: a change is sent to
 * every assigned server once committed, and a server whose agent reports another policy is flagged and sent the
 * console's again ({@link PolicyStates}). Contributors create, edit and assign policies; readers see them.
 */
@Service
public class PolicyService implements ServerSchedules {
    private final PolicyRepository policies;
    private final VaultService vaults;
    private final FleetService fleet;
    private final AccessControl access;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final LiveUpdates<UUID> updates;

    /** Sends policies to agents one push at a time, in the order the changes were committed. */
    private final OrderedWork pushes = new OrderedWork("policy-push");

    /** A push not sent at shutdown shows as drift at the agent's next policy report, which pushes again. */
    @PreDestroy
    void stopPushing() throws InterruptedException {
        pushes.close();
    }

    PolicyService(PolicyRepository policies, VaultService vaults, FleetService fleet, AccessControl access,
                  AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.policies = policies;
        this.vaults = vaults;
        this.fleet = fleet;
        this.updates = new LiveUpdates<>(fleet::vaultOf);
        this.access = access;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<BackupPolicy> list(UUID vaultId) {
        vaults.get(vaultId);
        return policies.forVault(vaultId);
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public BackupPolicy get(UUID policyId) {
        BackupPolicy policy = policies.find(policyId).orElseThrow(() -> new InvalidInputException("policy", "No such policy."));
        vaults.get(policy.vaultId());
        return policy;
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional
    public BackupPolicy create(UUID vaultId, PolicyDraft draft) {
        Vault vault = vaults.get(vaultId);
        access.require(Role.CONTRIBUTOR, vault.path(), "policy.create");
        draft.validate();
        if (policies.nameTaken(vaultId, draft.name(), null)) {
            throw new InvalidInputException("name", "Vault " + vault.name() + " already has a policy named " + draft.name() + ".");
        }
        UUID id = UUID.randomUUID();
        policies.insert(id, vaultId, draft, AuditLog.currentActor(), clock.instant());
        audit.record("policy.create", "policy:" + id, AuditLog.Outcome.SUCCESS, "'" + draft.name() + "' in vault "
                + vault.name() + ": " + summary(draft));
        return policies.find(id).orElseThrow();
    }

    /**
     * Changes a policy; every server using it gets the new version. {@code revision} is the one the editor loaded: a
     * policy changed meanwhile by someone else is refused, not overwritten.
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public BackupPolicy update(UUID policyId, int revision, PolicyDraft draft) {
        BackupPolicy current = get(policyId);
        Vault vault = vaults.get(current.vaultId());
        access.require(Role.CONTRIBUTOR, vault.path(), "policy.update");
        draft.validate();
        if (policies.nameTaken(current.vaultId(), draft.name(), policyId)) {
            throw new InvalidInputException("name", "Vault " + vault.name() + " already has a policy named " + draft.name() + ".");
        }
        if (!policies.update(policyId, revision, draft, AuditLog.currentActor(), clock.instant())) {
            throw new InvalidInputException("revision", "Someone else changed this policy meanwhile; reload it and try again.");
        }
        BackupPolicy updated = policies.find(policyId).orElseThrow();
        List<UUID> servers = policies.serversOf(policyId);
        for (var assignment : policies.assignments(servers)) {
            policies.setExpectedHash(assignment.serverId(), updated.agentPolicy(assignment.throttleOverride()).hash());
        }
        audit.record("policy.update", "policy:" + policyId, AuditLog.Outcome.SUCCESS, "'" + draft.name() + "' revision "
                + updated.revision() + ", sent to " + servers.size() + " server(s): " + summary(draft));
        events.publishEvent(new PolicyPush(new LinkedHashSet<>(servers)));
        return updated;
    }

    /** How many servers use the policy. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public int serverCount(UUID policyId) {
        get(policyId);
        return policies.serversOf(policyId).size();
    }

    /** Removes a policy no server uses any more. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void delete(UUID policyId) {
        BackupPolicy policy = get(policyId);
        access.require(Role.CONTRIBUTOR, vaults.get(policy.vaultId()).path(), "policy.delete");
        int using = policies.serversOf(policyId).size();
        if (using > 0) {
            throw new InvalidInputException("policy", "Policy " + policy.name() + " is used by " + using
                    + " server(s); assign them another policy or stop their protection first.");
        }
        policies.delete(policyId);
        audit.record("policy.delete", "policy:" + policyId, AuditLog.Outcome.SUCCESS, policy.name());
    }

    /** Makes {@code policyId} the policy of each server (all in the policy's vault); their agents get it at once. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void assign(UUID policyId, Collection<UUID> serverIds) {
        BackupPolicy policy = get(policyId);
        Vault vault = vaults.get(policy.vaultId());
        access.require(Role.CONTRIBUTOR, vault.path(), "policy.assign");
        if (serverIds.isEmpty()) {
            throw new InvalidInputException("servers", "Select at least one server.");
        }
        Instant now = clock.instant();
        List<String> names = new ArrayList<>();
        for (UUID serverId : new LinkedHashSet<>(serverIds)) {
            RegisteredServer server = fleet.find(serverId)
                    .orElseThrow(() -> new InvalidInputException("servers", "No such server: " + serverId));
            if (!policy.vaultId().equals(server.vaultId()) || server.revokedAt() != null) {
                throw new InvalidInputException("servers", server.name() + " is not a registered server of vault "
                        + vault.name() + ".");
            }
            NetworkThrottle own = policies.assignment(serverId).map(PolicyRepository.Assignment::throttleOverride).orElse(null);
            policies.assign(serverId, policyId, policy.agentPolicy(own).hash(), AuditLog.currentActor(), now);
            names.add(server.name());
        }
        audit.record("policy.assign", "policy:" + policyId, AuditLog.Outcome.SUCCESS, "'" + policy.name() + "' to "
                + String.join(", ", names));
        events.publishEvent(new PolicyPush(new LinkedHashSet<>(serverIds)));
    }

    /**
     * Gives one server its own network throttling, in place of its policy's (as MARS sets throttling per server), or
     * {@code null} to use the policy's again. The agent gets the changed policy at once and must report its hash.
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void setServerThrottle(UUID serverId, NetworkThrottle throttle) {
        RegisteredServer server = fleet.find(serverId).orElseThrow(() -> new InvalidInputException("server", "No such server."));
        if (server.vaultId() == null) {
            throw new InvalidInputException("server", server.name() + " is not registered in a vault.");
        }
        access.require(Role.CONTRIBUTOR, vaults.get(server.vaultId()).path(), "policy.server-throttle");
        BackupPolicy policy = policies.assignment(serverId).map(PolicyRepository.Assignment::policyId)
                .flatMap(policies::find).orElseThrow(() -> new InvalidInputException("throttle", server.name()
                        + " has no backup policy: schedule its backups first, then set its own throttling."));
        policies.setThrottleOverride(serverId, throttle, policy.agentPolicy(throttle).hash());
        audit.record("policy.server-throttle", "server:" + serverId, AuditLog.Outcome.SUCCESS, throttle == null
                ? server.name() + ": the policy's throttling" : server.name() + ": " + throttle.workHoursKbps()
                + " Kbps in work hours, " + throttle.nonWorkHoursKbps() + " Kbps outside, "
                + throttle.maxConcurrentUploads() + " upload(s) at once");
        events.publishEvent(new PolicyPush(Set.of(serverId)));
    }

    /** A server's own throttling, if it has one (else its policy's applies). */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Optional<NetworkThrottle> serverThrottle(UUID serverId) {
        fleet.find(serverId);
        return policies.assignment(serverId).map(PolicyRepository.Assignment::throttleOverride);
    }

    /** Stops scheduled backups of a server: its agent is told to run no policy. Recovery points stay. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void unassign(UUID serverId) {
        RegisteredServer server = fleet.find(serverId).orElseThrow(() -> new InvalidInputException("server", "No such server."));
        access.require(Role.CONTRIBUTOR, vaults.get(server.vaultId()).path(), "policy.unassign");
        policies.assign(serverId, null, "", AuditLog.currentActor(), clock.instant());
        audit.record("policy.unassign", "server:" + serverId, AuditLog.Outcome.SUCCESS, server.name());
        events.publishEvent(new PolicyPush(Set.of(serverId)));
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public ServerPolicy serverPolicy(UUID serverId) {
        fleet.find(serverId);
        return policies.assignment(serverId).map(this::view)
                .orElse(new ServerPolicy(serverId, null, null, ServerPolicy.SyncState.NONE, null, null));
    }

    /** Servers of the vault with their policy state. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Map<UUID, ServerPolicy> serverPolicies(Collection<UUID> serverIds) {
        fleet.findAll(serverIds);
        Map<UUID, ServerPolicy> result = new HashMap<>();
        for (var assignment : policies.assignments(serverIds)) {
            result.put(assignment.serverId(), view(assignment));
        }
        return result;
    }

    @Override
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Map<UUID, Summary> forServers(Collection<UUID> serverIds) {
        Map<UUID, Summary> result = new HashMap<>();
        serverPolicies(serverIds).forEach((id, sp) -> {
            if (sp.policy() != null || sp.state() == ServerPolicy.SyncState.DRIFTED) {
                result.put(id, new Summary(sp.policy() == null ? null : sp.policy().name(), sp.nextBackupAt(),
                        sp.state() == ServerPolicy.SyncState.DRIFTED,
                        sp.policy() == null ? List.of() : sp.policy().settings().items(),
                        sp.policy() == null ? List.of() : sp.policy().settings().include()));
            }
        });
        return result;
    }

    /** How many recovery points the rules keep as the schedule runs: the wizard's preview. */
    public List<GfsRetention.PreviewRow> preview(BackupSchedule schedule, RetentionRules retention) {
        return GfsRetention.preview(schedule, retention, clock.instant());
    }

    /** Whether the signed-in user may change policies and schedules in the vault (Contributor there), for views. */
    public boolean mayManage(UUID vaultId) {
        return access.allowsAtVault(Role.CONTRIBUTOR, vaultId);
    }

    /** Policy and drift changes, by server id, delivered inside the subscribing view's UI lock. */
    public LiveUpdates<UUID> updates() {
        return updates;
    }

    @Override
    public LiveUpdates<UUID> changes() {
        return updates;
    }

    private ServerPolicy view(PolicyRepository.Assignment a) {
        BackupPolicy policy = a.policyId() == null ? null : policies.find(a.policyId()).orElse(null);
        ServerPolicy.SyncState state;
        if (a.drifted()) {
            state = ServerPolicy.SyncState.DRIFTED;
        } else if (policy == null && (a.reportedHash() == null || a.reportedHash().isEmpty())) {
            state = ServerPolicy.SyncState.NONE;
        } else if (a.reportedAt() == null || !a.expectedHash().equals(a.reportedHash())) {
            state = ServerPolicy.SyncState.WAITING;
        } else {
            state = ServerPolicy.SyncState.IN_SYNC;
        }
        Instant next = policy == null ? null : policy.settings().schedule().nextAfter(clock.instant());
        return new ServerPolicy(a.serverId(), policy, next, state, a.driftDetail(), a.reportedAt());
    }

    // ---- pushing to agents ------------------------------------------------------------------------------------

    /**
     * After the change is committed, each server's agent that is connected here gets its policy — on {@link #pushes}'
     * thread. Run in the committing thread (as before, in a {@code REQUIRES_NEW} transaction), a push took a second
     * pooled connection while the first was still bound: an agent's policy report found drifted pushes the policy
     * again, so a burst of drifted agents (a policy changed while they were away, all reconnecting) could hold every
     * connection of a PostgreSQL node waiting for a second, as job results did (decision 035).
     */
    @TransactionalEventListener(fallbackExecution = true)
    void push(PolicyPush push) {
        // a lost push shows as drift at the agent's next policy report, which pushes again
        pushes.submit(() -> pushNow(push), () -> "pushing the policy to " + push.serverIds().size() + " server(s)");
    }

    /** Each statement in its own short transaction: one pooled connection at a time. */
    private void pushNow(PolicyPush push) {
        for (UUID serverId : push.serverIds()) {
            Optional<PolicyRepository.Assignment> assignment = policies.assignment(serverId);
            AgentPolicy policy = assignment.flatMap(a -> Optional.ofNullable(a.policyId()).flatMap(policies::find)
                    .map(p -> p.agentPolicy(a.throttleOverride()))).orElse(null);
            if (fleet.sendTo(serverId, PolicyAssigned.of(policy))) {
                policies.sent(serverId, clock.instant());
            }
            updates.publish(serverId);
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void forward(ServerPolicyChanged change) {
        updates.publish(change.serverId());
    }

    static String summary(PolicyDraft d) {
        var s = d.schedule();
        var r = d.retention();
        return String.join("+", d.items()) + ", " + s.frequency().name().toLowerCase(Locale.ROOT) + " at "
                + String.join(" ", s.times()) + (s.days().isEmpty() ? "" : " on " + s.days()) + " " + s.timeZone()
                + ", keep " + r.dailyDays() + "d/" + r.weeklyWeeks() + "w/" + r.monthlyMonths() + "m/" + r.yearlyYears()
                + "y" + (d.throttle() == null ? "" : ", throttled");
    }
}
