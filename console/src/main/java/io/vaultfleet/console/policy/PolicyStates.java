package io.vaultfleet.console.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.fleet.AgentEventHandler;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.ui.ConsoleNotice;
import io.vaultfleet.protocol.PolicyState;

/**
 * What agents say they run. A hash other than the console's flags the server as drifted and sends it the console's
 * policy again; the matching report that follows clears the flag. An agent that reports it could not apply the policy
 * is not sent it again within a minute, so a broken agent cannot make the console loop.
 */
@Component
class PolicyStates implements AgentEventHandler<PolicyState> {
    private static final Logger log = LoggerFactory.getLogger(PolicyStates.class);
    private static final Duration RESEND_FAILED_AFTER = Duration.ofMinutes(1);

    private final PolicyRepository policies;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PolicyStates(PolicyRepository policies, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.policies = policies;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Class<PolicyState> eventType() {
        return PolicyState.class;
    }

    @Override
    @Transactional
    public void handle(ReportingServer server, PolicyState state) {
        Instant now = clock.instant();
        var assignment = policies.assignment(server.id());
        String expected = assignment.map(PolicyRepository.Assignment::expectedHash).orElse("");
        boolean wasDrifted = assignment.map(PolicyRepository.Assignment::drifted).orElse(false);
        String actor = "agent:" + server.name();
        if (expected.equals(state.policyHash())) {
            policies.reported(server.id(), state.policyHash(), false, null, now);
            if (wasDrifted) {
                audit.recordAs(actor, "policy.drift-corrected", "server:" + server.id(), AuditLog.Outcome.SUCCESS,
                        "runs the console's policy again");
                log.info("server {} runs the console's policy again", server.name());
            }
            events.publishEvent(new ServerPolicyChanged(server.id()));
            return;
        }
        String detail = "agent runs " + shortHash(state.policyHash()) + ", console expects " + shortHash(expected)
                + (state.detail().isEmpty() ? "" : ": " + state.detail());
        policies.reported(server.id(), state.policyHash(), true, detail, now);
        events.publishEvent(new ServerPolicyChanged(server.id()));
        if (!wasDrifted) {
            audit.recordAs(actor, "policy.drift", "server:" + server.id(), AuditLog.Outcome.FAILED, detail);
            events.publishEvent(new ConsoleNotice(ConsoleNotice.Level.WARNING, "Backup policy of " + server.name()
                    + " drifted", detail + "; the console's policy is being sent again", now, server.vaultId()));
            log.warn("server {} drifted from its backup policy: {}", server.name(), detail);
        }
        Instant lastSent = assignment.map(PolicyRepository.Assignment::sentAt).orElse(null);
        boolean agentFailedToApply = !state.detail().isEmpty();
        if (agentFailedToApply && lastSent != null && lastSent.plus(RESEND_FAILED_AFTER).isAfter(now)) {
            return;
        }
        events.publishEvent(new PolicyPush(Set.of(server.id())));
    }

    private static String shortHash(String hash) {
        return hash == null || hash.isEmpty() ? "no policy" : "policy " + hash.substring(0, 12);
    }
}
