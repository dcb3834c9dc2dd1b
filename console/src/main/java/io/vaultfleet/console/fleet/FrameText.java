package io.vaultfleet.console.fleet;

import java.util.Map;

import io.vaultfleet.console.platform.LogSafe;
import io.vaultfleet.protocol.ErrorCode;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.ProtocolException;
import tools.jackson.databind.JsonNode;

/**
 * Checks of the text in a decoded frame that the codec does not make. JSON can spell a lone UTF-16 surrogate
 * ({@code "\ud800"}), which cannot be written back as UTF-8: not to the agent in a reply, not to PostgreSQL. Such a
 * frame is refused with the field that holds it. A {@link Hello}'s names are shown and stored as they are, so they
 * may not hold control characters either.
 */
final class FrameText {
    private FrameText() {
    }

    /** Throws the refusal to send back when the frame's text cannot be kept. */
    static void check(Inbound inbound) {
        if (!LogSafe.wellFormed(inbound.id())) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                    "field 'id' is not valid Unicode (it holds a lone surrogate)");
        }
        String id = inbound.id();
        if (!LogSafe.wellFormed(inbound.envelope().replyTo())) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                    "field 'replyTo' is not valid Unicode (it holds a lone surrogate)", id);
        }
        String bad = firstLoneSurrogate(inbound.envelope().payload(), "payload");
        if (bad != null) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD, "field '" + LogSafe.of(bad, 80)
                    + "' is not valid Unicode (it holds a lone surrogate)", id);
        }
        if (inbound.message() instanceof Hello hello) {
            for (Map.Entry<String, String> field : Map.of("hostName", hello.hostName(), "osName", hello.osName(),
                    "osVersion", hello.osVersion(), "agentVersion", hello.agentVersion()).entrySet()) {
                if (field.getValue().chars().anyMatch(Character::isISOControl)) {
                    throw new ProtocolException(ErrorCode.INVALID_PAYLOAD, "field '" + field.getKey()
                            + "' of 'hello' holds a control character", id);
                }
            }
        }
    }

    /** The path of the first name or text holding a lone surrogate, or null. */
    private static String firstLoneSurrogate(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return LogSafe.wellFormed(node.stringValue()) ? null : path;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String child = path + "." + property.getKey();
                if (!LogSafe.wellFormed(property.getKey())) {
                    return child;
                }
                String bad = firstLoneSurrogate(property.getValue(), child);
                if (bad != null) {
                    return bad;
                }
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode element : node) {
                String bad = firstLoneSurrogate(element, path + "[" + i++ + "]");
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }
}
