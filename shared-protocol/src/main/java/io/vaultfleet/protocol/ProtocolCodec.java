package io.vaultfleet.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns messages into frames and frames into messages. Decoding never throws anything but
 * {@link ProtocolException}, whose code and message are fit to send back in an {@link ErrorReply}.
 * Thread-safe.
 */
public final class ProtocolCodec {
    /** The protocol version this build speaks. */
    public static final int PROTOCOL_VERSION = 1;
    /** The oldest protocol version this build still accepts. */
    public static final int MIN_PROTOCOL_VERSION = 1;
    /** Default upper bound for one frame, in characters. */
    public static final int DEFAULT_MAX_FRAME_CHARS = 4 * 1024 * 1024;

    private static final int MAX_ID_LENGTH = 64;
    private static final Set<String> ENVELOPE_FIELDS = Set.of("v", "type", "id", "replyTo", "payload");

    private final JsonMapper mapper;
    private final int maxFrameChars;

    public ProtocolCodec() {
        this(DEFAULT_MAX_FRAME_CHARS);
    }

    public ProtocolCodec(int maxFrameChars) {
        this.maxFrameChars = maxFrameChars;
        this.mapper = JsonMapper.builder()
                // newer peers may add payload fields; older readers ignore them
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    /** A fresh frame id. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Encodes {@code message} with a fresh id. */
    public String encode(Message message) {
        return encode(newId(), message, null);
    }

    /** Encodes {@code message} as the answer to the frame {@code replyTo}. */
    public String encodeReply(Message message, String replyTo) {
        return encode(newId(), message, replyTo);
    }

    public String encode(String id, Message message, String replyTo) {
        String type = MessageTypes.nameOf(message);
        if (type == null) {
            throw new IllegalArgumentException("not a protocol message: " + message.getClass());
        }
        ObjectNode frame = mapper.createObjectNode();
        frame.put("v", PROTOCOL_VERSION);
        frame.put("type", type);
        frame.put("id", id);
        if (replyTo == null) {
            frame.putNull("replyTo");
        } else {
            frame.put("replyTo", replyTo);
        }
        frame.set("payload", mapper.valueToTree(message));
        return mapper.writeValueAsString(frame);
    }

    /** Decodes a frame sent by an agent (used by the console). */
    public Inbound decodeFromAgent(String frame) {
        return decode(frame, AgentMessage.class);
    }

    /** Decodes a frame sent by the console (used by the agent). */
    public Inbound decodeFromConsole(String frame) {
        return decode(frame, ConsoleMessage.class);
    }

    /**
     * Decodes one frame and checks that the message may travel in this direction.
     *
     * @param accepted the direction this receiver accepts; {@link ErrorReply} is always accepted
     */
    public Inbound decode(String frame, Class<? extends Message> accepted) {
        if (frame == null || frame.isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "empty frame");
        }
        if (frame.length() > maxFrameChars) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + frame.length() + " characters is over the limit of " + maxFrameChars);
        }
        JsonNode root;
        try {
            root = mapper.readTree(frame);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "frame is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "frame must be a JSON object");
        }
        String id = textField(root, "id", null);
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                    "field 'id' must be a string of 1 to " + MAX_ID_LENGTH + " characters");
        }
        for (var name : root.propertyNames()) {
            if (!ENVELOPE_FIELDS.contains(name)) {
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "unexpected envelope field '" + name + "'", id);
            }
        }
        JsonNode v = root.get("v");
        if (v == null || !v.isInt()) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "field 'v' must be an integer", id);
        }
        if (v.intValue() < MIN_PROTOCOL_VERSION || v.intValue() > PROTOCOL_VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "protocol version " + v.intValue()
                    + " is not supported; this side speaks " + MIN_PROTOCOL_VERSION + " to " + PROTOCOL_VERSION, id);
        }
        String type = textField(root, "type", id);
        if (type == null || type.isBlank()) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "field 'type' is required", id);
        }
        String replyTo = textField(root, "replyTo", id);
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "field 'payload' must be a JSON object", id);
        }
        Class<? extends Message> messageClass = MessageTypes.byName(type);
        if (messageClass == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + truncate(type) + "'", id);
        }
        if (!accepted.isAssignableFrom(messageClass) && messageClass != ErrorReply.class) {
            throw new ProtocolException(ErrorCode.NOT_ALLOWED,
                    "message type '" + type + "' is not accepted in this direction", id);
        }
        AddedFields added = messageClass.getAnnotation(AddedFields.class);
        if (added != null) {
            // fields a peer from before them does not send: absent reads as null
            payload = payload.deepCopy();
            for (String field : added.value()) {
                if (!payload.has(field)) {
                    ((ObjectNode) payload).putNull(field);
                }
            }
        }
        Message message;
        try {
            message = mapper.treeToValue(withDefaults((ObjectNode) payload, messageClass), messageClass);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD,
                    "invalid '" + type + "' payload: " + rootMessage(e), id);
        } catch (RuntimeException e) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD,
                    "invalid '" + type + "' payload: " + rootMessage(e), id);
        }
        if (message == null) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD, "empty '" + type + "' payload", id);
        }
        return new Inbound(new Envelope(v.intValue(), type, id, replyTo, payload), message);
    }

    /** Fields added after a message's first version ({@link AbsentMeans}), per message class: name → default. */
    private final ClassValue<Map<String, JsonNode>> defaults = new ClassValue<>() {
        @Override
        protected Map<String, JsonNode> computeValue(Class<?> type) {
            Map<String, JsonNode> result = new HashMap<>();
            if (type.isRecord()) {
                for (var component : type.getRecordComponents()) {
                    AbsentMeans absent = component.getAnnotation(AbsentMeans.class);
                    if (absent != null) {
                        result.put(component.getName(), mapper.readTree(absent.value()));
                    }
                }
            }
            return Map.copyOf(result);
        }
    };

    private ObjectNode withDefaults(ObjectNode payload, Class<? extends Message> type) {
        Map<String, JsonNode> absent = defaults.get(type);
        if (absent.isEmpty() || absent.keySet().stream().allMatch(payload::has)) {
            return payload;
        }
        ObjectNode filled = payload.deepCopy();
        absent.forEach((name, value) -> {
            if (!filled.has(name)) {
                filled.set(name, value.deepCopy());
            }
        });
        return filled;
    }

    private static String textField(JsonNode root, String name, String id) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "field '" + name + "' must be a string", id);
        }
        return node.stringValue();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof JacksonException je) {
            return je.getOriginalMessage();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
