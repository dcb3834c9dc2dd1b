package io.vaultfleet.protocol;

import io.vaultfleet.protocol.policy.AgentPolicy;

/**
 * The console's backup policy for this server, sent after the agent reports a {@link PolicyState} whose hash differs
 * from the console's and whenever the policy is assigned, edited or removed. The console is the authority: the agent
 * replaces whatever it runs with this, stores it in its home and answers with a new {@link PolicyState}.
 *
 * @param policy the policy to run, or null: run no schedule
 * @param hash   {@link AgentPolicy#hash()} of {@code policy}, or empty when there is none; the agent refuses a
 *               policy whose hash does not match
 */
@MessageType("policy-assigned")
public record PolicyAssigned(AgentPolicy policy, String hash) implements ConsoleMessage {
    public PolicyAssigned {
        hash = hash == null ? "" : hash;
        if (policy == null && !hash.isEmpty()) {
            throw new IllegalArgumentException("hash must be empty when there is no policy");
        }
        if (policy != null && !policy.hash().equals(hash)) {
            throw new IllegalArgumentException("hash does not match the policy");
        }
    }

    public static PolicyAssigned of(AgentPolicy policy) {
        return new PolicyAssigned(policy, policy == null ? "" : policy.hash());
    }
}
