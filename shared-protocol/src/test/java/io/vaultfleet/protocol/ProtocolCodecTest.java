package io.vaultfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
    private final ProtocolCodec codec = new ProtocolCodec(4096);

    private static Hello hello() {
        return new Hello("0.1.0", "srv-01", "Windows Server 2022", "10.0.20348", 1);
    }

    @Test
    void roundTripsEveryAgentMessage() {
        Hello hello = hello();
        Inbound decoded = codec.decodeFromAgent(codec.encode(hello));
        assertThat(decoded.message()).isEqualTo(hello);
        assertThat(decoded.envelope().type()).isEqualTo("hello");
        assertThat(decoded.envelope().v()).isEqualTo(ProtocolCodec.PROTOCOL_VERSION);

        Heartbeat heartbeat = new Heartbeat(Instant.parse("2026-11-25T10:15:30Z"));
        assertThat(codec.decodeFromAgent(codec.encode(heartbeat)).message()).isEqualTo(heartbeat);
    }

    @Test
    void repliesCarryTheIdTheyAnswer() {
        String frame = codec.encodeReply(new Welcome("server-1", 15, "0.1.0", "0.1.0", "0.2.0"), "abc-123");
        Inbound decoded = codec.decodeFromConsole(frame);
        assertThat(decoded.replyTo()).isEqualTo("abc-123");
        assertThat(decoded.message()).isEqualTo(new Welcome("server-1", 15, "0.1.0", "0.1.0", "0.2.0"));
    }

    @Test
    void errorRepliesAreAcceptedInBothDirections() {
        String frame = codec.encode(new ErrorReply(ErrorCode.UNKNOWN_TYPE, "nope"));
        assertThat(codec.decodeFromAgent(frame).message()).isInstanceOf(ErrorReply.class);
        assertThat(codec.decodeFromConsole(frame).message()).isEqualTo(new ErrorReply(ErrorCode.UNKNOWN_TYPE, "nope"));
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertCode("{not json", ErrorCode.MALFORMED_FRAME, "not valid JSON");
        assertCode("", ErrorCode.MALFORMED_FRAME, "empty frame");
        assertCode("[1,2]", ErrorCode.MALFORMED_FRAME, "JSON object");
    }

    @Test
    void rejectsFramesOverTheLimitBeforeParsingThem() {
        String big = "{\"v\":1,\"type\":\"hello\",\"id\":\"x\",\"payload\":{\"pad\":\"" + "a".repeat(5000) + "\"}}";
        assertCode(big, ErrorCode.FRAME_TOO_LARGE, "over the limit of 4096");
    }

    @Test
    void rejectsAMissingOrOverlongId() {
        assertCode("{\"v\":1,\"type\":\"heartbeat\",\"payload\":{}}", ErrorCode.MALFORMED_FRAME, "'id'");
        assertCode("{\"v\":1,\"type\":\"heartbeat\",\"id\":\"" + "i".repeat(65) + "\",\"payload\":{}}",
                ErrorCode.MALFORMED_FRAME, "'id'");
    }

    @Test
    void rejectsUnsupportedVersionsAndKeepsTheFrameId() {
        ProtocolException e = decodeFailure("{\"v\":99,\"type\":\"heartbeat\",\"id\":\"f1\",\"payload\":{}}");
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(e.frameId()).isEqualTo("f1");
        assertThat(e.getMessage()).contains("protocol version 99");
        assertCode("{\"v\":\"1\",\"type\":\"heartbeat\",\"id\":\"f1\",\"payload\":{}}", ErrorCode.MALFORMED_FRAME, "'v'");
    }

    @Test
    void rejectsUnknownTypesByName() {
        ProtocolException e = decodeFailure("{\"v\":1,\"type\":\"format-disk\",\"id\":\"f2\",\"payload\":{}}");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e.getMessage()).contains("'format-disk'");
        assertThat(e.frameId()).isEqualTo("f2");
    }

    @Test
    void rejectsMessagesSentInTheWrongDirection() {
        String welcome = codec.encode(new Welcome("s", 15, "0.1.0", "0.1.0", "0.1.0"));
        assertThatThrownBy(() -> codec.decodeFromAgent(welcome))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
    }

    @Test
    void rejectsPayloadsThatBreakTheMessageRules() {
        assertCode("{\"v\":1,\"type\":\"hello\",\"id\":\"f3\",\"payload\":{\"agentVersion\":\"0.1.0\",\"hostName\":\"\","
                + "\"osName\":\"Linux\",\"osVersion\":\"6.1\",\"protocolVersion\":1}}",
                ErrorCode.INVALID_PAYLOAD, "hostName is required");
        assertCode("{\"v\":1,\"type\":\"hello\",\"id\":\"f4\",\"payload\":{\"agentVersion\":\"0.1.0\"}}",
                ErrorCode.INVALID_PAYLOAD, "invalid 'hello' payload");
        assertCode("{\"v\":1,\"type\":\"heartbeat\",\"id\":\"f5\",\"payload\":{\"sentAt\":\"yesterday\"}}",
                ErrorCode.INVALID_PAYLOAD, "invalid 'heartbeat' payload");
        assertCode("{\"v\":1,\"type\":\"heartbeat\",\"id\":\"f6\",\"payload\":\"text\"}",
                ErrorCode.MALFORMED_FRAME, "'payload'");
    }

    @Test
    void rejectsUnexpectedEnvelopeFieldsButToleratesNewPayloadFields() {
        assertCode("{\"v\":1,\"type\":\"heartbeat\",\"id\":\"f7\",\"payload\":{\"sentAt\":\"2026-11-25T10:00:00Z\"},\"extra\":1}",
                ErrorCode.MALFORMED_FRAME, "unexpected envelope field 'extra'");
        Inbound ok = codec.decodeFromAgent(
                "{\"v\":1,\"type\":\"heartbeat\",\"id\":\"f8\",\"payload\":{\"sentAt\":\"2026-11-25T10:00:00Z\",\"future\":true}}");
        assertThat(ok.message()).isEqualTo(new Heartbeat(Instant.parse("2026-11-25T10:00:00Z")));
    }

    @Test
    void everyMessageTypeHasAUniqueName() {
        assertThat(MessageTypes.byName("hello")).isEqualTo(Hello.class);
        assertThat(MessageTypes.byName("heartbeat-ack")).isEqualTo(HeartbeatAck.class);
        assertThat(MessageTypes.nameOf(new ErrorReply(ErrorCode.INTERNAL, "x"))).isEqualTo("error");
    }

    private ProtocolException decodeFailure(String frame) {
        try {
            codec.decodeFromAgent(frame);
        } catch (ProtocolException e) {
            return e;
        }
        throw new AssertionError("frame was accepted: " + frame);
    }

    private void assertCode(String frame, ErrorCode code, String messagePart) {
        ProtocolException e = decodeFailure(frame);
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).contains(messagePart);
    }

    @Test
    void policyMessagesRoundTrip() {
        var policy = new io.vaultfleet.protocol.policy.AgentPolicy("p1", "Nightly", java.util.List.of("FILES_AND_FOLDERS"),
                java.util.List.of("/data"), java.util.List.of("*.tmp"),
                io.vaultfleet.protocol.policy.BackupSchedule.daily("Europe/Paris", "21:00", "06:30"),
                new io.vaultfleet.protocol.policy.NetworkThrottle(1024, 8192, java.util.List.of(java.time.DayOfWeek.MONDAY),
                        "09:00", "17:00", 2));
        ProtocolCodec big = new ProtocolCodec();
        PolicyAssigned assigned = PolicyAssigned.of(policy);
        Inbound decoded = big.decodeFromConsole(big.encode(assigned));
        assertThat(decoded.message()).isEqualTo(assigned);
        assertThat(((PolicyAssigned) decoded.message()).policy().hash()).isEqualTo(policy.hash());
        assertThat(big.decodeFromConsole(big.encode(PolicyAssigned.of(null))).message()).isEqualTo(PolicyAssigned.of(null));

        PolicyState state = new PolicyState(policy.hash(), "");
        assertThat(big.decodeFromAgent(big.encode(state)).message()).isEqualTo(state);
        JobStarted started = new JobStarted("d-1", "j-1", "FILES_AND_FOLDERS", "SCHEDULED",
                Instant.parse("2026-11-25T20:00:00Z"), Instant.parse("2026-11-25T20:00:01Z"), policy.hash());
        assertThat(big.decodeFromAgent(big.encode("d-1", started, null)).message()).isEqualTo(started);
    }

    @Test
    void aPolicyWhoseHashDoesNotMatchIsInvalid() {
        ProtocolCodec big = new ProtocolCodec();
        String frame = big.encode(PolicyAssigned.of(new io.vaultfleet.protocol.policy.AgentPolicy("p1", "Nightly",
                java.util.List.of("SYSTEM_STATE"), null, null,
                io.vaultfleet.protocol.policy.BackupSchedule.daily("UTC", "21:00"), null)));
        String tampered = frame.replace("21:00", "22:00");
        assertThatThrownBy(() -> big.decodeFromConsole(tampered)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("hash does not match");
    }
}
