package io.vaultfleet.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.ScopePath;
import io.vaultfleet.console.vault.Vault;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * What the tests of {@code /api/v1} over HTTP share: API clients holding a new user's token (a console-wide role or a
 * role at one scope), agents speaking the real protocol that are online before a test uses them (closed with the
 * fixture), and the check of a problem-detail answer.
 */
final class ApiFixture implements AutoCloseable {
    private final int port;
    private final ApiUsers users;
    private final FleetService fleet;
    private final Clock clock;
    private final SecurityContextHolderStrategy security;
    private final List<SimulatedAgent> agents = new ArrayList<>();

    ApiFixture(int port, ApiUsers users, FleetService fleet, Clock clock, SecurityContextHolderStrategy security) {
        this.port = port;
        this.users = users;
        this.fleet = fleet;
        this.clock = clock;
        this.security = security;
    }

    /** A client with the token of a new user holding {@code role} console-wide (a token with that role). */
    ApiClient global(String prefix, Role role) {
        return new ApiClient(port, users.token(users.global(prefix, role), role));
    }

    /** A client with the token of a new user holding {@code role} at {@code path} only (a token with that role). */
    ApiClient scoped(String prefix, Role role, ScopePath path) {
        return new ApiClient(port, users.token(users.scoped(prefix, role, path), null, role, null));
    }

    /** A new agent enrolled in {@code vault}, connected, and online as the console sees it. */
    SimulatedAgent onlineAgent(Vault vault, String name) {
        SimulatedAgent agent = SimulatedAgent.enroll(fleet, vault.id(), name, port, clock).connect();
        agents.add(agent);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestSecurity.runAs(security, Role.READER,
                () -> fleet.find(agent.id())).orElseThrow().status() == ServerStatus.ONLINE);
        return agent;
    }

    /** The answer is a problem detail with this status and, where not null, this field and detail. */
    static void assertProblem(ApiClient.Answer answer, int status, String field, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(answer.field()).isEqualTo(field);
        }
        if (detail != null) {
            assertThat(answer.detail()).isEqualTo(detail);
        }
    }

    /** Closes the agents this fixture started. */
    @Override
    public void close() {
        agents.forEach(SimulatedAgent::close);
    }
}
