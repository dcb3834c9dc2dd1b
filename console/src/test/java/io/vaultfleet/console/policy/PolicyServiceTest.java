package io.vaultfleet.console.policy;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.security.KeyPair;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.Month;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.PolicyAssigned;
import io.vaultfleet.protocol.PolicyState;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.protocol.policy.BackupSchedule;
import io.vaultfleet.protocol.policy.NetworkThrottle;
import io.vaultfleet.testsupport.RawWebSocket;

/**
 * Policies as contributors make them (validation with MARS's limits, who may), edits reaching every server using the
 * policy, and drift: an agent reporting another policy is flagged and sent the console's again. Agents are real
 * WebSocket clients speaking the protocol.
 */
@ConsoleTest
class PolicyServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();

    @LocalServerPort
    int port;

    @Autowired
    PolicyService policies;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    JdbcClient jdbc;

    private static PolicyDraft nightly(String name) {
        return new PolicyDraft(name, List.of("SYSTEM_STATE", "FILES_AND_FOLDERS"), List.of("/srv/data"), List.of("*.tmp"),
                BackupSchedule.daily("Europe/Paris", "21:30"),
                RetentionRules.daily(30).withWeekly(12, DayOfWeek.SUNDAY).withMonthly(12, 1).withYearly(5, Month.JANUARY, 1),
                null);
    }

    /** As the console owner holding only {@code role}'s rights: method security checks the role, scopes pass. */
    private <T> T as(Role role, java.util.function.Supplier<T> action) {
        return runAs(security, "admin", role, action);
    }

    @Test
    void aPolicyOutsideMarsLimitsIsRefusedFieldByField() {
        Vault vault = vaults.create("policy-limits");
        PolicyDraft noName = new PolicyDraft(" ", List.of("SYSTEM_STATE"), List.of(), List.of(),
                BackupSchedule.daily("UTC", "21:00"), RetentionRules.daily(7), null);
        assertThatThrownBy(() -> as(Role.OWNER, () -> policies.create(vault.id(), noName)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem("name")).isEqualTo("Give the policy a name."));
        PolicyDraft noPaths = new PolicyDraft("Files", List.of("FILES_AND_FOLDERS"), List.of(), List.of(),
                BackupSchedule.daily("UTC", "21:00"), RetentionRules.daily(7), null);
        assertThatThrownBy(() -> as(Role.OWNER, () -> policies.create(vault.id(), noPaths)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem("include")).contains("at least one folder or file"));
        PolicyDraft noItems = new PolicyDraft("Nothing", List.of(), List.of(), List.of(),
                BackupSchedule.daily("UTC", "21:00"), RetentionRules.daily(7), null);
        assertThatThrownBy(() -> as(Role.OWNER, () -> policies.create(vault.id(), noItems)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem("items")).isEqualTo("Select at least one item to back up."));
                PolicyDraft weeklyWithDaily = new PolicyDraft("Weekly", List.of("SYSTEM_STATE"), List.of(), List.of(),
                BackupSchedule.weekly("UTC", Set.of(DayOfWeek.SATURDAY), "21:00"),
                RetentionRules.daily(7).withWeekly(4, DayOfWeek.SUNDAY), null);
        assertThatThrownBy(() -> as(Role.OWNER, () -> policies.create(vault.id(), weeklyWithDaily)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem("dailyDays")).contains("weekly schedule keeps no daily recovery points");
                    assertThat(e.problem("weeklyOn")).contains("Sunday is not one of Saturday");
                });
        as(Role.OWNER, () -> policies.create(vault.id(), nightly("Nightly")));
        assertThatThrownBy(() -> as(Role.OWNER, () -> policies.create(vault.id(), nightly("nightly"))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem("name")).contains("already has a policy named nightly"));
    }

    @Test
    void operatorsAndReadersCannotChangePolicies() {
        Vault vault = vaults.create("policy-roles");
        assertThatThrownBy(() -> as(Role.OPERATOR, () -> policies.create(vault.id(), nightly("Nightly"))))
                .isInstanceOf(AccessDeniedException.class);
        BackupPolicy policy = as(Role.OWNER, () -> policies.create(vault.id(), nightly("Nightly")));
        assertThat(as(Role.READER, () -> policies.list(vault.id()))).extracting(BackupPolicy::name)
                .containsExactly("Nightly");
        assertThatThrownBy(() -> as(Role.READER, () -> {
            policies.delete(policy.id());
            return null;
        })).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void anEditReachesEveryServerUsingThePolicyAndTheirReportsConfirmIt() {
        Vault vault = vaults.create("policy-push");
        Agent one = enrol(vault, "push-01");
        Agent two = enrol(vault, "push-02");
        BackupPolicy policy = as(Role.OWNER, () -> policies.create(vault.id(), nightly("Nightly")));
        try (RawWebSocket ws1 = one.connect(); RawWebSocket ws2 = two.connect()) {
            as(Role.OWNER, () -> {
                policies.assign(policy.id(), List.of(one.server.id(), two.server.id()));
                return null;
            });
            for (RawWebSocket ws : List.of(ws1, ws2)) {
                PolicyAssigned assigned = nextPolicy(ws);
                assertThat(assigned.policy().name()).isEqualTo("Nightly");
                assertThat(assigned.hash()).isEqualTo(policy.agentPolicy().hash());
                ws.send(codec.encode(new PolicyState(assigned.hash(), "")));
            }
            awaitState(one.server.id(), ServerPolicy.SyncState.IN_SYNC);
            ServerPolicy sp = as(Role.READER, () -> policies.serverPolicy(one.server.id()));
            assertThat(sp.nextBackupAt()).isAfter(Instant.now())
                    .isEqualTo(BackupSchedule.daily("Europe/Paris", "21:30").nextAfter(Instant.now()));

            PolicyDraft changed = new PolicyDraft("Nightly", List.of("SYSTEM_STATE"), List.of(), List.of(),
                    BackupSchedule.daily("Europe/Paris", "06:00", "21:30"), RetentionRules.daily(30),
                    new NetworkThrottle(2048, 102_400, List.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "08:00", "18:00", 2));
            BackupPolicy edited = as(Role.OWNER, () -> policies.update(policy.id(), policy.revision(), changed));
            assertThat(edited.revision()).isEqualTo(2);
            for (RawWebSocket ws : List.of(ws1, ws2)) {
                PolicyAssigned assigned = nextPolicy(ws);
                assertThat(assigned.policy().schedule().times()).containsExactly("06:00", "21:30");
                assertThat(assigned.policy().throttle().maxConcurrentUploads()).isEqualTo(2);
                assertThat(assigned.hash()).isEqualTo(edited.agentPolicy().hash()).isNotEqualTo(policy.agentPolicy().hash());
            }
            assertThat(as(Role.READER, () -> policies.serverPolicy(two.server.id())).state())
                    .as("not confirmed by the agent yet").isEqualTo(ServerPolicy.SyncState.WAITING);

            // an editor holding the old revision cannot overwrite the change
            assertThatThrownBy(() -> as(Role.OWNER, () -> policies.update(policy.id(), policy.revision(), nightly("Nightly"))))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.problem("revision")).contains("Someone else changed this policy"));
        }
        assertThat(audit("policy.update")).anySatisfy(d -> assertThat(d).contains("sent to 2 server(s)"));
    }

    @Test
    void aServerWithItsOwnThrottlingRunsThePolicyWithItAndKeepsItThroughPolicyEdits() {
        Vault vault = vaults.create("policy-throttle");
        Agent own = enrol(vault, "throttle-01");
        Agent other = enrol(vault, "throttle-02");
        BackupPolicy policy = as(Role.OWNER, () -> policies.create(vault.id(), nightly("Nightly")));
        NetworkThrottle slowLink = new NetworkThrottle(512, 8_192, List.of(DayOfWeek.MONDAY), "07:00", "19:00", 1);
        assertThatThrownBy(() -> as(Role.OWNER, () -> {
            policies.setServerThrottle(own.server.id(), slowLink);
            return null;
        })).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.problem("throttle")).contains("has no backup policy"));
        try (RawWebSocket ws = own.connect(); RawWebSocket otherWs = other.connect()) {
            as(Role.OWNER, () -> {
                policies.assign(policy.id(), List.of(own.server.id(), other.server.id()));
                return null;
            });
            assertThat(nextPolicy(ws).hash()).isEqualTo(policy.agentPolicy().hash());
            assertThat(nextPolicy(otherWs).hash()).isEqualTo(policy.agentPolicy().hash());
            assertThatThrownBy(() -> as(Role.OPERATOR, () -> {
                policies.setServerThrottle(own.server.id(), slowLink);
                return null;
            })).isInstanceOf(org.springframework.security.access.AccessDeniedException.class);

            as(Role.OWNER, () -> {
                policies.setServerThrottle(own.server.id(), slowLink);
                return null;
            });
            PolicyAssigned throttled = nextPolicy(ws);
            assertThat(throttled.policy().throttle()).isEqualTo(slowLink);
            assertThat(throttled.hash()).isEqualTo(policy.agentPolicy(slowLink).hash()).isNotEqualTo(policy.agentPolicy().hash());
            ws.send(codec.encode(new PolicyState(throttled.hash(), "")));
            awaitState(own.server.id(), ServerPolicy.SyncState.IN_SYNC);
            assertThat(as(Role.READER, () -> policies.serverThrottle(own.server.id()))).hasValue(slowLink);

            // a policy edit reaches both; the server keeps its own throttling, the other gets the policy's
            PolicyDraft changed = new PolicyDraft("Nightly", List.of("SYSTEM_STATE"), List.of(), List.of(),
                    BackupSchedule.daily("Europe/Paris", "23:00"), RetentionRules.daily(30),
                    new NetworkThrottle(4096, 65_536, List.of(DayOfWeek.TUESDAY), "08:00", "18:00", 4));
            BackupPolicy edited = as(Role.OWNER, () -> policies.update(policy.id(), policy.revision(), changed));
            PolicyAssigned ownAfterEdit = nextPolicy(ws);
            assertThat(ownAfterEdit.policy().schedule().times()).containsExactly("23:00");
            assertThat(ownAfterEdit.policy().throttle()).isEqualTo(slowLink);
            assertThat(ownAfterEdit.hash()).isEqualTo(edited.agentPolicy(slowLink).hash());
            assertThat(nextPolicy(otherWs).policy().throttle().maxConcurrentUploads()).isEqualTo(4);

            as(Role.OWNER, () -> {
                policies.setServerThrottle(own.server.id(), null);
                return null;
            });
            assertThat(nextPolicy(ws).hash()).isEqualTo(edited.agentPolicy().hash());
        }
        // the operator's refused attempt is audited too (in a transaction of its own), then the two changes
        assertThat(audit("policy.server-throttle")).hasSize(3)
                .satisfies(rows -> assertThat(rows.get(0)).contains("needs Contributor"))
                .anySatisfy(d -> assertThat(d).contains("512 Kbps in work hours, 8192 Kbps outside, 1 upload(s)"));
    }

    @Test
    void aServerReportingAnotherPolicyIsFlaggedAndSentTheConsolesAgain() {
        Vault vault = vaults.create("policy-drift");
        Agent agent = enrol(vault, "drift-01");
        BackupPolicy policy = as(Role.OWNER, () -> policies.create(vault.id(), nightly("Nightly")));
        as(Role.OWNER, () -> {
            policies.assign(policy.id(), List.of(agent.server.id()));
            return null;
        });
        try (RawWebSocket ws = agent.connect()) {
            // the agent's copy was edited on the server: it reports another hash
            ws.send(codec.encode(new PolicyState("ab".repeat(32), "")));
            PolicyAssigned resent = nextPolicy(ws);
            assertThat(resent.hash()).isEqualTo(policy.agentPolicy().hash());
            ServerPolicy drifted = awaitState(agent.server.id(), ServerPolicy.SyncState.DRIFTED);
            assertThat(drifted.detail()).isEqualTo("agent runs policy abababababab, console expects policy "
                    + policy.agentPolicy().hash().substring(0, 12));
            assertThat(as(Role.READER, () -> policies.forServers(List.of(agent.server.id()))).get(agent.server.id()).drifted())
                    .isTrue();

            ws.send(codec.encode(new PolicyState(resent.hash(), "")));
            awaitState(agent.server.id(), ServerPolicy.SyncState.IN_SYNC);
        }
        assertThat(audit("policy.drift")).hasSize(1);
        assertThat(audit("policy.drift-corrected")).hasSize(1);
    }

    @Test
    void aServerWithoutPolicyThatRunsOneIsToldToStop() {
        Vault vault = vaults.create("policy-none");
        Agent agent = enrol(vault, "stray-01");
        try (RawWebSocket ws = agent.connect()) {
            ws.send(codec.encode(new PolicyState("cd".repeat(32), "")));
            assertThat(nextPolicy(ws)).isEqualTo(PolicyAssigned.of(null));
            ws.send(codec.encode(new PolicyState("", "")));
            awaitState(agent.server.id(), ServerPolicy.SyncState.NONE);
        }
    }

    @Test
    void aPolicyInUseCannotBeDeleted() {
        Vault vault = vaults.create("policy-delete");
        Agent agent = enrol(vault, "keep-01");
        BackupPolicy policy = as(Role.OWNER, () -> policies.create(vault.id(), nightly("Nightly")));
        as(Role.OWNER, () -> {
            policies.assign(policy.id(), List.of(agent.server.id()));
            return null;
        });
        assertThatThrownBy(() -> as(Role.OWNER, () -> {
            policies.delete(policy.id());
            return null;
        })).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.getMessage()).contains("is used by 1 server(s)"));
        as(Role.OWNER, () -> {
            policies.unassign(agent.server.id());
            policies.delete(policy.id());
            return null;
        });
        assertThat(as(Role.READER, () -> policies.list(vault.id()))).isEmpty();
    }

    @Test
    void serversOfAnotherVaultCannotBeAssigned() {
        Vault vault = vaults.create("policy-a");
        Vault other = vaults.create("policy-b");
        Agent stranger = enrol(other, "other-01");
        BackupPolicy policy = as(Role.OWNER, () -> policies.create(vault.id(), nightly("Nightly")));
        assertThatThrownBy(() -> as(Role.OWNER, () -> {
            policies.assign(policy.id(), List.of(stranger.server.id()));
            return null;
        })).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.problem("servers")).isEqualTo("other-01 is not a registered server of vault " + vault.name() + "."));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private record Agent(RegisteredServer server, KeyPair keys, PolicyServiceTest test) {
        RawWebSocket connect() {
            RawWebSocket ws = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + test.port + "/agent/ws"),
                    Map.of(ConnectProof.HEADER, ConnectProof.create(server.id(), keys.getPrivate(), Instant.now()).toHeader()));
            ws.send(test.codec.encode(new Hello("0.1.0", server.name(), "Linux", "6.1", 1)));
            test.codec.decodeFromConsole(ws.next(WAIT));
            return ws;
        }
    }

    private Agent enrol(Vault vault, String name) {
        KeyPair keys = AgentKeys.generate();
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), name, "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(keys.getPublic()));
        return new Agent(enrolled.server(), keys, this);
    }

    private PolicyAssigned nextPolicy(RawWebSocket ws) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Inbound inbound = codec.decodeFromConsole(ws.next(WAIT));
            if (inbound.message() instanceof PolicyAssigned assigned) {
                return assigned;
            }
        }
        throw new AssertionError("no policy-assigned within " + WAIT);
    }

    private ServerPolicy awaitState(UUID serverId, ServerPolicy.SyncState state) {
        AtomicReference<ServerPolicy> reached = new AtomicReference<>();
        await("the server's policy " + state).atMost(WAIT).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            ServerPolicy now = as(Role.READER, () -> policies.serverPolicy(serverId));
            assertThat(now.state()).as("server policy state (%s)", now.detail()).isEqualTo(state);
            reached.set(now);
        });
        return reached.get();
    }

    private List<String> audit(String action) {
        return jdbc.sql("select detail from audit_event where action = :a order by id").param("a", action)
                .query(String.class).list();
    }
}
