package io.vaultfleet.console.recover;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestPropertySource;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.UserAccountService;
import io.vaultfleet.protocol.DownloadFailed;
import io.vaultfleet.protocol.DownloadStart;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.identity.ConnectProof;

/**
 * Download from a recovery point over real HTTP: the signed-in browser's GET meets the agent's PUT and gets its body
 * byte for byte (larger than the agent endpoints' 256 KiB limit); unknown, foreign and abandoned transfers are
 * refused as the protocol says.
 */
@ConsoleTest
@TestPropertySource(properties = "vaultfleet.recover.download-wait=3s")
class RecoveryDownloadTest {
    private static final String PASSWORD = "Download-operator-password-42";

    @LocalServerPort
    int port;

    @Autowired
    RecoverDataService recover;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    UserAccountService accounts;

    @Autowired
    SecurityContextHolderStrategy security;

    private final List<SimulatedAgent> agents = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void tearDown() {
        agents.forEach(SimulatedAgent::close);
    }

    private String operator() throws Exception {
        String name = "dl-" + UUID.randomUUID().toString().substring(0, 8);
        runAs(security, Role.OWNER, () -> accounts.createUser(name, "Download operator", PASSWORD, Role.OPERATOR));
        String page = http.send(HttpRequest.newBuilder(uri("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var token = java.util.regex.Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(page);
        String form = "username=" + enc(name) + "&password=" + enc(PASSWORD) + (token.find() ? "&_csrf=" + enc(token.group(1)) : "");
        var signedIn = http.send(HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("login"));
        return name;
    }

    private SimulatedAgent agent(UUID vaultId, String name) {
        SimulatedAgent agent = SimulatedAgent.enroll(fleet, vaultId, name, port, java.time.Clock.systemUTC());
        agents.add(agent);
        return agent.connect();
    }

    private <T> T as(String user, Supplier<T> action) {
        return runAs(security, user, Role.OPERATOR, action);
    }

    private UUID transfer(String user, SimulatedAgent target) {
        RecoverySession session = as(user, () -> recover.begin(target.id(), target.id()));
        CompletableFuture<RecoveryOpened> opened = CompletableFuture.supplyAsync(() -> as(user, () -> recover.open(session.id(), null)));
        RecoveryOpen open = target.next(RecoveryOpen.class);
        target.send(new RecoveryOpened(open.sessionId(), RecoveryOpenResult.OPENED, ""));
        opened.join();
        UUID transferId = as(user, () -> recover.download(session.id(), "rp-1", "/srv/data/résumé 1+1.bin"));
        DownloadStart start = target.next(DownloadStart.class);
        assertThat(start.transferId()).isEqualTo(transferId.toString());
        assertThat(start.path()).isEqualTo("/srv/data/résumé 1+1.bin");
        return transferId;
    }

    private HttpResponse<String> put(SimulatedAgent agent, String transferId, byte[] body, String type) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/agent/transfers/" + transferId))
                .header(ConnectProof.HEADER, agent.proofHeader()).header("Content-Type", type)
                .header(RecoveryDownloadEndpoint.FILE_NAME, "r%C3%A9sum%C3%A9%201+1.bin")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAgentsBodyReachesTheBrowserByteForByte() throws Exception {
        String user = operator();
        SimulatedAgent target = agent(vaults.create("dl").id(), "dl");
        UUID transferId = transfer(user, target);
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        CompletableFuture<HttpResponse<byte[]>> browser = http.sendAsync(HttpRequest.newBuilder(
                uri("/recover/downloads/" + transferId)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> agentAnswer = put(target, transferId.toString(), content, "application/octet-stream");
        assertThat(agentAnswer.statusCode()).isEqualTo(204);
        HttpResponse<byte[]> got = browser.join();
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(content);
        assertThat(got.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).contains("attachment").contains("filename*=UTF-8''r%C3%A9sum%C3%A9%201+1.bin"));
        // fetched once: a second GET or PUT finds nothing
        assertThat(http.send(HttpRequest.newBuilder(uri("/recover/downloads/" + transferId)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(put(target, transferId.toString(), new byte[1], "application/octet-stream").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownAndForeignTransfersAre404AndAnAbandonedOneIs410() throws Exception {
        String user = operator();
        var vault = vaults.create("dl");
        SimulatedAgent target = agent(vault.id(), "dl");
        SimulatedAgent other = agent(vault.id(), "other");
        assertThat(put(target, UUID.randomUUID().toString(), new byte[10], "application/zip").statusCode()).isEqualTo(404);
        UUID transferId = transfer(user, target);
        assertThat(put(other, transferId.toString(), new byte[10], "application/zip").statusCode()).isEqualTo(404);
        // nobody comes for it: the agent is told to stop
        HttpResponse<String> abandoned = put(target, transferId.toString(), new byte[10], "application/zip");
        assertThat(abandoned.statusCode()).isEqualTo(410);
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                uri("/agent/transfers/" + UUID.randomUUID())).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void theBrowserIsToldWhyWhenTheAgentCannotSendIt() throws Exception {
        String user = operator();
        SimulatedAgent target = agent(vaults.create("dl").id(), "dl");
        UUID transferId = transfer(user, target);
        CompletableFuture<HttpResponse<String>> browser = http.sendAsync(HttpRequest.newBuilder(
                uri("/recover/downloads/" + transferId)).GET().build(), HttpResponse.BodyHandlers.ofString());
        target.send(new DownloadFailed(transferId.toString(), "the file is not in this recovery point"));
        HttpResponse<String> got = browser.join();
        assertThat(got.statusCode()).isEqualTo(502);
        assertThat(got.body()).contains("the file is not in this recovery point");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
