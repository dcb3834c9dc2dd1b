package io.vaultfleet.console.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.protocol.identity.ConnectProof;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anonymous requests to {@code /agent/**}, spelled every way a path can be spelled and with bodies of every shape,
 * over raw HTTP (a client library would normalise the path or refuse the framing): each is limited and answered with
 * a status and a one-line reason, never a redirect to the login page, an error page or a stack trace.
 */
@ConsoleTest
class AgentRequestGuardTest {
    /** Paths that reach (or would reach) the enrollment endpoint. */
    private static final List<String> ENROLL_SPELLINGS = List.of("/agent/enroll", "/agent/%65nroll", "/agent/%2565nroll",
            "/agent/enroll;x=y", "/agent/enroll/", "/%61gent/enroll", "/agent//enroll", "/agent/./enroll");

    /** The spellings that the container decodes to exactly {@code /agent/enroll}. */
    private static final List<String> MAPPED_TO_ENROLL = List.of("/agent/enroll", "/agent/%65nroll", "/%61gent/enroll");

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    record Answer(int status, Map<String, String> headers, String body) {
        void isOneLineRefusal(int... allowed) {
            assertThat(status).as(body).isIn(Arrays.stream(allowed).boxed().toList());
            assertThat(headers).doesNotContainKey("location");
            assertThat(body.strip()).as("one line in a %d answer with %s", status, headers).doesNotContain("\n").isNotBlank();
            assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
        }
    }

    /** Sends the request bytes as they are; {@code body} is streamed from another thread so a refusal can come early. */
    private Answer exchange(String head, byte[] body) throws Exception {
        return exchange(head, body, "127.0.0.1");
    }

    /** As {@link #exchange(String, byte[])}, from a given loopback address (Linux answers on all of 127/8). */
    private Answer exchange(String head, byte[] body, String from) throws Exception {
        try (Socket socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                java.net.InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < body.length; i += 8192) {
                        out.write(body, i, Math.min(8192, body.length - i));
                    }
                    out.flush();
                } catch (IOException refusedEarly) {
                    // the console answered and closed before taking the whole body: what the test wants to see
                }
            });
            Answer answer = read(socket.getInputStream());
            sending.cancel(true);
            return answer;
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                chunks.write(in.readNBytes(size));
                readLine(in);
            }
            body = chunks.toByteArray();
        } else {
            // no length: the body runs to the end of the connection
            body = in.readAllBytes();
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private String head(String method, String path, String... headers) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + String.join("", Arrays.stream(headers)
                .map(h -> h + "\r\n").toList()) + "\r\n";
    }

    /** A JSON document of {@code size} bytes: one long string, as an attacker's body would be. */
    private static byte[] bigDocument(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        byte[] start = "{\"hostName\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, body, 0, start.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    private static byte[] chunked(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < data.length; i += 65536) {
            int n = Math.min(65536, data.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedWhateverThePathsSpelling() throws Exception {
        byte[] body = bigDocument(300 * 1024);
        for (String path : ENROLL_SPELLINGS) {
            Answer answer = exchange(head("POST", path, "Content-Type: application/json",
                    "Content-Length: " + body.length, "Connection: close"), body);
            // refused before anything reads the body: by the size (413), by Spring Security's firewall (%25, ;, //,
            // /./: 400) or by no endpoint taking it (404)
            answer.isOneLineRefusal(413, 400, 404);
            if (MAPPED_TO_ENROLL.contains(path)) {
                assertThat(answer.status()).as(path).isEqualTo(413);
            }
            if (answer.status() == 413) {
                assertThat(answer.body()).as(path).contains("over the limit of " + AgentRequestGuard.MAX_BODY_BYTES);
            }
        }
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimitWhateverThePathsSpelling() throws Exception {
        byte[] body = chunked(bigDocument(4 * 1024 * 1024));
        for (String path : ENROLL_SPELLINGS) {
            Answer answer = exchange(head("POST", path, "Content-Type: application/json",
                    "Transfer-Encoding: chunked", "Connection: close"), body);
            // refused by the firewall (400), by no endpoint taking it (404), or cut off while read (413)
            answer.isOneLineRefusal(413, 400, 404);
            if (MAPPED_TO_ENROLL.contains(path)) {
                assertThat(answer.status()).as(path).isEqualTo(413);
            }
        }
    }

    @Test
    void aChunkedBodyUnderTheLimitIsRead() throws Exception {
        byte[] body = chunked(enrollment("bad host", 1_700_000_000L).getBytes(StandardCharsets.US_ASCII));
        Answer answer = exchange(head("POST", "/agent/enroll", "Content-Type: application/json",
                "Transfer-Encoding: chunked", "Connection: close"), body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("MALFORMED").contains("may contain only letters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void aWrongContentTypeIsA415NotALoginPage(String contentType) throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
        Answer answer = exchange(head("POST", "/agent/enroll", "Content-Type: " + contentType,
                "Content-Length: " + body.length, "Connection: close"), body);
        answer.isOneLineRefusal(415);
        assertThat(answer.body()).contains("application/json");
    }

    @Test
    void noContentTypeIsA415() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
        Answer answer = exchange(head("POST", "/agent/enroll", "Content-Length: 2", "Connection: close"), body);
        answer.isOneLineRefusal(415);
    }

    @Test
    void anOversizedOrMalformedHeaderIsRefusedByTheConnectorWithoutAPage() throws Exception {
        Answer big = exchange(head("GET", "/agent/package", ConnectProof.HEADER + ": v1 " + "x".repeat(20_000),
                "Connection: close"), new byte[0]);
        assertThat(big.status()).isIn(400, 431);
        assertThat(big.headers()).doesNotContainKey("location");
        assertThat(big.body()).doesNotContain("Exception").doesNotContain("\tat ");
        Answer longProof = exchange(head("GET", "/agent/package", ConnectProof.HEADER + ": v1 " + "x".repeat(600),
                "Connection: close"), new byte[0]);
        longProof.isOneLineRefusal(401);
        assertThat(longProof.body()).contains("too long");
    }

    @Test
    void theWrongMethodIsA405() throws Exception {
        Answer answer = exchange(head("GET", "/agent/enroll", "Connection: close"), new byte[0]);
        answer.isOneLineRefusal(405);
        assertThat(answer.body()).contains("POST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/agent/nothing-here", "/agent/", "/agent", "/agent/enroll/more"})
    void anUnknownAgentPathIsA404NotALoginPage(String path) throws Exception {
        Answer answer = exchange(head("POST", path, "Content-Type: application/json", "Content-Length: 2",
                "Connection: close"), "{}".getBytes(StandardCharsets.US_ASCII));
        answer.isOneLineRefusal(404, 405);
    }

    @ParameterizedTest
    @ValueSource(strings = {"31556889864403199", "-31557014167219200", "-1", "0", "99999999999999999999", "1e9", "+5"})
    void everyOddTimeInTheProofHeaderIsA401(String time) throws Exception {
        String proof = "v1 server=" + UUID.randomUUID() + " time=" + time + " nonce=" + "n".repeat(22) + " sig=AAAA";
        Answer answer = exchange(head("GET", "/agent/package", ConnectProof.HEADER + ": " + proof, "Connection: close"),
                new byte[0]);
        answer.isOneLineRefusal(401);
    }

    @ParameterizedTest
    @ValueSource(longs = {31556889864403199L, -31557014167219200L, 31556889864403200L, Long.MIN_VALUE, -1, 0})
    void everyOddTimeInTheEnrollmentBodyIsA400(long time) throws Exception {
        byte[] body = enrollment("srv-1", time).getBytes(StandardCharsets.US_ASCII);
        Answer answer = exchange(head("POST", "/agent/enroll", "Content-Type: application/json",
                "Content-Length: " + body.length, "Connection: close"), body);
        answer.isOneLineRefusal(400, 403);
        assertThat(answer.body()).containsAnyOf("MALFORMED", "CLOCK_SKEW");
    }

    @Test
    void anOutOfRangeTimeInTheProofHeaderIsA401WithTheReason() throws Exception {
        String proof = "v1 server=" + UUID.randomUUID() + " time=9223372036854775807 nonce=" + "n".repeat(22)
                + " sig=AAAA";
        for (String path : List.of("/agent/package", "/agent/ws")) {
            Answer answer = exchange(head("GET", path, ConnectProof.HEADER + ": " + proof, "Connection: close"),
                    new byte[0]);
            answer.isOneLineRefusal(401, 400);
            assertThat(answer.body()).as(path).contains("time");
        }
        Answer storage = exchange(head("POST", "/agent/storage", ConnectProof.HEADER + ": " + proof,
                "Content-Length: 0", "Connection: close"), new byte[0]);
        storage.isOneLineRefusal(401);
    }

    /** An enrollment request of the right shape (its credentials and signature are not real). */
    private static String enrollment(String host, long time) {
        return enrollment(host, "Linux", time);
    }

    private static String enrollment(String host, String osName, long time) {
        return "{\"credentials\":\"AAAA\",\"hostName\":\"" + host + "\",\"osName\":\"" + osName + "\",\"osVersion\":\"6\","
                + "\"agentVersion\":\"0.1.0\",\"publicKey\":\"AAAA\",\"time\":" + time + ","
                + "\"nonce\":\"nnnnnnnnnnnnnnnnnnnnnn\",\"signature\":\"AAAA\"}";
    }

    /** JSON escapes, sent as they are: the console decodes them to a lone surrogate, a newline, a NUL. */
    @ParameterizedTest
    @ValueSource(strings = {"Linux\\ud800", "Linux\\n2026-12-07 forged", "Linux\\u0000", "\\udc00Linux"})
    void controlCharactersAndLoneSurrogatesInEnrollmentFieldsAreA400(String osName) throws Exception {
        byte[] body = enrollment("srv-1", osName, 1_700_000_000L).getBytes(StandardCharsets.US_ASCII);
        Answer answer = exchange(head("POST", "/agent/enroll", "Content-Type: application/json",
                "Content-Length: " + body.length, "Connection: close"), body);
        answer.isOneLineRefusal(400);
        assertThat(answer.body()).contains("MALFORMED").contains("osName");
    }

    @Test
    void anOutOfRangeTimeInTheEnrollmentBodyIsA400() throws Exception {
        byte[] body = enrollment("srv-1", Long.MAX_VALUE).getBytes(StandardCharsets.US_ASCII);
        Answer answer = exchange(head("POST", "/agent/enroll", "Content-Type: application/json",
                "Content-Length: " + body.length, "Connection: close"), body);
        answer.isOneLineRefusal(400);
        assertThat(answer.body()).contains("MALFORMED").contains("time");
    }

    @Test
    void theJsonMapperCapsWhatCallersSend() {
        String deep = "[".repeat(PlatformConfiguration.MAX_JSON_DEPTH + 1) + "]".repeat(PlatformConfiguration.MAX_JSON_DEPTH + 1);
        assertThatThrownBy(() -> json.readTree(deep)).isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("nesting depth");
        String longString = "\"" + "a".repeat(PlatformConfiguration.MAX_JSON_STRING + 1) + "\"";
        assertThatThrownBy(() -> json.readTree(longString)).isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("String value length");
        assertThat(json.readTree("[[[\"fine\"]]]").get(0).get(0).get(0).asString()).isEqualTo("fine");
    }

    @Test
    void refusedUpgradesFromOneSourceDoNotFillTheAuditTable() throws Exception {
        String source = "127.0.0.3";
        String upgrade = head("GET", "/agent/ws", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        for (int i = 0; i < 300; i++) {
            Answer answer = exchange(upgrade, new byte[0], source);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.body()).contains("no agent identity presented");
        }
        long rows = jdbc.sql("select count(*) from audit_event where actor = :a and action = 'agent.connect'")
                .param("a", "agent@" + source).query(Long.class).single();
        // the first refusal as it happened; the repeats are one summary when the minute is over
        assertThat(rows).isEqualTo(1);
    }
}
