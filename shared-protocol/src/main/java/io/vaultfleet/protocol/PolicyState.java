package io.vaultfleet.protocol;

/**
 * Which policy the agent actually runs, by hash: sent after every {@link Welcome} and after applying a
 * {@link PolicyAssigned}. The console compares it with the policy it assigned; a server that differs is flagged as
 * drifted and sent the console's policy again.
 *
 * @param policyHash {@code AgentPolicy.hash()} of the stored policy, empty when the agent runs none
 * @param detail     why the agent runs what it runs when that is not the console's last word (e.g. a stored policy
 *                   that could not be read), else empty
 */
@MessageType("policy-state")
public record PolicyState(String policyHash, String detail) implements AgentMessage {
    public PolicyState {
        policyHash = policyHash == null ? "" : policyHash;
        if (!policyHash.isEmpty() && !policyHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("policyHash must be 64 lowercase hex digits or empty");
        }
        detail = detail == null ? "" : (detail.length() > 500 ? detail.substring(0, 500) : detail);
    }
}
