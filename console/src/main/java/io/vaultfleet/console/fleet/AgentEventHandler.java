package io.vaultfleet.console.fleet;

import io.vaultfleet.protocol.AgentMessage;

/**
 * Handles one kind of agent message that is not reliable (progress): a lost one is replaced by the next, so there is
 * no receipt and no de-duplication. Implemented by the feature that owns the data.
 */
public interface AgentEventHandler<T extends AgentMessage> {
    Class<T> eventType();

    void handle(ReportingServer server, T event);
}
