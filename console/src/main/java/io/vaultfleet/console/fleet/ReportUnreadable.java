package io.vaultfleet.console.fleet;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A registered agent sent a message whose payload the console could not read (an outcome or stage it does not know,
 * a field out of range): the agent got {@code INVALID_PAYLOAD} and keeps a reliable report to send again. Published
 * so the feature the message was about can say so where users look (a job's page) instead of leaving a false state.
 *
 * @param type    the envelope's message type, e.g. {@code job-finished}
 * @param payload the payload as sent (untrusted: read fields defensively)
 * @param problem what was wrong with it, as the agent was told
 */
public record ReportUnreadable(UUID serverId, String type, JsonNode payload, String problem) {
}
