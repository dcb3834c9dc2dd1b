package io.vaultfleet.console.api;

import static io.vaultfleet.console.api.ApiFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.identity.AccessToken;
import io.vaultfleet.console.identity.AccessTokenService;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.BrowseFolder;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.EntryKind;
import io.vaultfleet.protocol.FolderEntry;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.RecoveryClose;
import io.vaultfleet.protocol.RecoveryMode;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.RestoreStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Recover Data through {@code /api/v1} (a server's own backups): browsing a point and a restore job with the server's
 * side played by an agent speaking the real protocol, the wizard's rights and audit, refusals by role, scope and
 * token, and bad input as problem details before the agent is asked anything.
 */
@ConsoleTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreApiTest {
    static final String OPERATOR_NEEDED = "You need the Backup operator role at this vault (or above) to do this.";

    @LocalServerPort
    int port;

    @Autowired
    ApiUsers users;

    @Autowired
    TestVaults vaults;

    @Autowired
    FleetService fleet;

    @Autowired
    Clock clock;

    @Autowired
    AccessTokenService tokens;

    @Autowired
    AuditLog audit;

    @Autowired
    SecurityContextHolderStrategy security;

    private Vault a;
    private Vault b;
    private ApiClient reader;
    private ApiClient operatorA;
    private ApiClient operatorB;
    private ApiFixture api;

    @BeforeAll
    void fixture() {
        api = new ApiFixture(port, users, fleet, clock, security);
        a = vaults.create("rapia");
        b = vaults.create("rapib");
        reader = api.global("rreader", Role.READER);
        operatorA = api.scoped("ropa", Role.OPERATOR, a.path());
        operatorB = api.scoped("ropb", Role.OPERATOR, b.path());
    }

    @AfterAll
    void closeAgents() {
        api.close();
    }

    /** An online agent that has reported a recovery point for each of {@code points}. */
    private SimulatedAgent onlineAgent(Vault vault, String name, String... points) {
        SimulatedAgent agent = api.onlineAgent(vault, name);
        for (String point : points) {
            agent.deliver(new RecoveryPointCreated(UUID.randomUUID().toString(), point, "FILES_AND_FOLDERS",
                    Instant.parse("2026-11-02T22:00:00Z"), 3, 3_000, 1_000, 0, List.of("pack-" + point)));
        }
        return agent;
    }

    /** The agent's side of opening its own backups: no passphrase, no storage grant. */
    private static void answerOpen(SimulatedAgent agent, RecoveryOpenResult result) {
        RecoveryOpen open = agent.next(RecoveryOpen.class);
        assertThat(open.sourceRepository()).isNull();
        assertThat(open.sealedPassphrase()).as("no passphrase travels through the API").isNull();
        agent.send(new RecoveryOpened(open.sessionId(), result, result == RecoveryOpenResult.OPENED ? "" : "vault gone"));
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @Test
    void browseThenRestoreAsAJobWithTheWizardsAudit() {
        SimulatedAgent web = onlineAgent(a, "rapi-web", "rp-api-own");
        String items = "/api/v1/servers/" + web.id() + "/recovery-points/rp-api-own/items";

        CompletableFuture<ApiClient.Answer> top = CompletableFuture.supplyAsync(() -> operatorA.get(items + "?limit=1"));
        answerOpen(web, RecoveryOpenResult.OPENED);
        BrowseFolder first = web.next(BrowseFolder.class);
        assertThat(first.folder()).isEmpty();
        assertThat(first.limit()).isEqualTo(1);
        web.send(new FolderPage(first.requestId(), first.sessionId(), List.of(
                new FolderEntry("data", "/srv/data", EntryKind.FOLDER, 0, null)), "agent-cursor-1", null));
        var page = top.join();
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().get("items").get(0).get("path").asString()).isEqualTo("/srv/data");
        assertThat(page.json().get("items").get(0).get("kind").asString()).isEqualTo("FOLDER");
        assertThat(page.json().get("nextCursor").asString()).isEqualTo("agent-cursor-1");

        // the next page and a folder's content reuse the open session: the agent is not asked to open again
        CompletableFuture<ApiClient.Answer> inside = CompletableFuture.supplyAsync(() -> operatorA.get(items
                + "?folder=/srv/data&name=report&cursor=agent-cursor-1"));
        BrowseFolder second = web.next(BrowseFolder.class);
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(second.folder()).isEqualTo("/srv/data");
        assertThat(second.nameContains()).isEqualTo("report");
        assertThat(second.cursor()).isEqualTo("agent-cursor-1");
        assertThat(second.limit()).isEqualTo(ApiPage.DEFAULT_LIMIT);
        web.send(new FolderPage(second.requestId(), second.sessionId(), List.of(new FolderEntry("report.pdf",
                "/srv/data/report.pdf", EntryKind.FILE, 1234, Instant.parse("2026-11-01T08:00:00Z"))), null, null));
        var content = inside.join().json();
        assertThat(content.get("items").get(0).get("size").asLong()).isEqualTo(1234);
        assertThat(content.get("nextCursor").isNull()).isTrue();

        // a folder the point does not have: the agent's words as a problem detail
        CompletableFuture<ApiClient.Answer> missing = CompletableFuture.supplyAsync(() -> operatorA.get(items
                + "?folder=/nowhere"));
        BrowseFolder third = web.next(BrowseFolder.class);
        web.send(new FolderPage(third.requestId(), third.sessionId(), List.of(), null,
                "The folder /nowhere is not in this recovery point."));
        assertProblem(missing.join(), 400, "folder", "The folder /nowhere is not in this recovery point.");

        // the restore takes the open session; its job is Back Up Now's representation
        CompletableFuture<ApiClient.Answer> started = CompletableFuture.supplyAsync(() -> operatorA.post(
                "/api/v1/servers/" + web.id() + "/restores", body("recoveryPointId", "rp-api-own",
                        "items", List.of("/srv/data/report.pdf"), "destination", "C:\\Restored",
                        "conflict", "OVERWRITE", "restorePermissions", false)));
        RestoreStart start = web.next(RestoreStart.class);
        var job = started.join();
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        String jobId = job.json().get("id").asString();
        assertThat(start.jobId()).isEqualTo(jobId);
        assertThat(start.sessionId()).isEqualTo(first.sessionId());
        assertThat(start.mode()).isEqualTo(RecoveryMode.FILES_AND_FOLDERS);
        assertThat(start.items()).containsExactly("/srv/data/report.pdf");
        assertThat(start.destination()).isEqualTo("C:\\Restored");
        assertThat(start.conflict()).isEqualTo(ConflictPolicy.OVERWRITE);
        assertThat(start.restorePermissions()).isFalse();
        assertThat(job.json().get("operation").asString()).isEqualTo("RESTORE");
        assertThat(job.json().get("recoveryPointId").asString()).isEqualTo("rp-api-own");
        assertThat(job.json().get("serverId").asString()).isEqualTo(web.id().toString());

        web.deliver(new JobFinished(UUID.randomUUID().toString(), jobId, JobOutcome.COMPLETED, "", "rp-api-own", 1,
                1_234, 0, List.of(), 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(
                reader.get("/api/v1/jobs/" + jobId).json().get("job").get("status").asString()));

        assertThat(TestSecurity.runAs(security, Role.OWNER, () -> audit.recent(200))).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("recover.restore");
            assertThat(e.actor()).contains("(token '");
            assertThat(e.detail()).startsWith("job " + jobId + ", FILES_AND_FOLDERS of " + web.name()
                    + " point rp-api-own, 1 item(s), to another folder, on conflict OVERWRITE");
        }).anySatisfy(e -> assertThat(e.action()).isEqualTo("recover.open"));
    }

    @Test
    void aWholePointToTheOriginalLocationWithTheDefaults() {
        SimulatedAgent web = onlineAgent(a, "rapi-defaults", "rp-api-all");
        CompletableFuture<ApiClient.Answer> started = CompletableFuture.supplyAsync(() -> operatorA.post(
                "/api/v1/servers/" + web.id() + "/restores", body("recoveryPointId", "rp-api-all")));
        answerOpen(web, RecoveryOpenResult.OPENED);
        RestoreStart start = web.next(RestoreStart.class);
        assertThat(started.join().status()).isEqualTo(202);
        assertThat(start.items()).as("the whole point").isEmpty();
        assertThat(start.destination()).as("the original location").isNull();
        assertThat(start.conflict()).as("nothing overwritten unless asked").isEqualTo(ConflictPolicy.CREATE_COPIES);
        assertThat(start.restorePermissions()).isTrue();
    }

    @Test
    void backupsThatCannotBeOpenedAreAProblemAndTheSessionIsClosed() {
        SimulatedAgent web = onlineAgent(a, "rapi-broken", "rp-api-broken");
        CompletableFuture<ApiClient.Answer> started = CompletableFuture.supplyAsync(() -> operatorA.post(
                "/api/v1/servers/" + web.id() + "/restores", body("recoveryPointId", "rp-api-broken")));
        answerOpen(web, RecoveryOpenResult.STORAGE_UNREACHABLE);
        assertProblem(started.join(), 409, null, web.name() + " could not open its backups (STORAGE_UNREACHABLE: "
                + "vault gone).");
        assertThat(web.next(RecoveryClose.class).sessionId()).isNotBlank();
    }

    @Test
    void refusedByRoleScopeAndBadInputBeforeTheAgentIsAsked() {
        SimulatedAgent web = onlineAgent(a, "rapi-refuse", "rp-api-r");
        String restores = "/api/v1/servers/" + web.id() + "/restores";
        String items = "/api/v1/servers/" + web.id() + "/recovery-points/rp-api-r/items";

        assertProblem(reader.post(restores, body("recoveryPointId", "rp-api-r")), 403, null, OPERATOR_NEEDED);
        assertProblem(reader.get(items), 403, null, OPERATOR_NEEDED);
        assertProblem(operatorB.post(restores, body("recoveryPointId", "rp-api-r")), 403, null, null);
        assertProblem(operatorB.get(items), 403, null, null);

        assertProblem(operatorA.post(restores, body()), 400, "recoveryPointId",
                "Choose a recovery point (recoveryPointId).");
        assertProblem(operatorA.post(restores, body("recoveryPointId", "rp-nope")), 404, "recoveryPoint",
                "No such recovery point of " + web.name() + ".");
        assertProblem(operatorA.post(restores, body("recoveryPointId", "rp-api-r", "mode", "SYSTEM_CONFIGURATION")), 400,
                "mode", "System configuration can be recovered only from a Linux server's backups.");
        assertProblem(operatorA.post(restores, body("recoveryPointId", "rp-api-r", "mode", "EVERYTHING")), 400, "mode",
                "'EVERYTHING' is not valid for mode: expected one of FILES_AND_FOLDERS, SYSTEM_STATE, SYSTEM_CONFIGURATION.");
        assertProblem(operatorA.post(restores, body("recoveryPointId", "rp-api-r", "conflict", "MERGE")), 400,
                "conflict", "'MERGE' is not valid for conflict: expected one of CREATE_COPIES, OVERWRITE, SKIP.");
        assertProblem(operatorA.post(restores, body("recoveryPointId", "rp-api-r", "items", List.of("  "))), 400,
                "items", "An item is empty: give each path as the items list gave it.");
        assertProblem(operatorA.post(restores, body("recoveryPointId", "rp-api-r", "restorePermissions", "maybe")), 400,
                "restorePermissions", null);
        assertProblem(operatorA.post(restores, body("recoveryPointId", "rp-api-r", "mode", "SYSTEM_STATE")), 400,
                "systemStateVolume", "Choose the volume the System State backup is restored to (a non-critical volume, "
                        + "e.g. E:\\).");
        List<String> tooMany = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "/srv/f" + i).toList();
        assertProblem(operatorA.post(restores, body("recoveryPointId", "rp-api-r", "items", tooMany)), 400, "items",
                "At most 1000 items can be restored at once; choose their folder instead.");
        assertProblem(operatorA.send("POST", restores, null, Map.of("Content-Type", "application/json")), 400, "body", null);
        assertProblem(operatorA.post("/api/v1/servers/" + UUID.randomUUID() + "/restores",
                body("recoveryPointId", "rp-api-r")), 404, "server", "No such server.");
        assertProblem(operatorA.post("/api/v1/servers/web-1/restores", body("recoveryPointId", "rp-api-r")), 400,
                "serverId", "'web-1' is not valid for serverId: expected an id (UUID).");
        assertProblem(operatorA.get("/api/v1/servers/" + web.id() + "/recovery-points/rp-nope/items"), 404,
                "recoveryPoint", "No such recovery point of " + web.name() + ".");
        assertProblem(operatorA.get(items + "?limit=0"), 400, "limit", "The page size must be between 1 and 500.");
        assertProblem(operatorA.get(items + "?limit=501"), 400, "limit", "The page size must be between 1 and 500.");

        // none of these reached the agent: its next message is the restore that is allowed
        CompletableFuture<ApiClient.Answer> started = CompletableFuture.supplyAsync(() -> operatorA.post(restores,
                body("recoveryPointId", "rp-api-r")));
        RecoveryOpen open = web.next(RecoveryOpen.class);
        web.send(new RecoveryOpened(open.sessionId(), RecoveryOpenResult.OPENED, ""));
        assertThat(web.next(RestoreStart.class).recoveryPointId()).isEqualTo("rp-api-r");
        assertThat(started.join().status()).isEqualTo(202);
    }

    @Test
    void eachCallerBrowsesInASessionOfItsOwn() {
        SimulatedAgent web = onlineAgent(a, "rapi-two", "rp-api-two");
        ApiClient otherOperator = new ApiClient(port, users.token(users.scoped("ropa2", Role.OPERATOR, a.path()), null,
                Role.OPERATOR, null));
        String items = "/api/v1/servers/" + web.id() + "/recovery-points/rp-api-two/items";
        List<String> sessions = new ArrayList<>();
        for (ApiClient caller : List.of(operatorA, otherOperator)) {
            CompletableFuture<ApiClient.Answer> page = CompletableFuture.supplyAsync(() -> caller.get(items));
            answerOpen(web, RecoveryOpenResult.OPENED);
            BrowseFolder browse = web.next(BrowseFolder.class);
            sessions.add(browse.sessionId());
            web.send(new FolderPage(browse.requestId(), browse.sessionId(), List.of(), null, null));
            assertThat(page.join().status()).isEqualTo(200);
        }
        assertThat(sessions.get(0)).as("another user never uses this one's session").isNotEqualTo(sessions.get(1));
    }

    @Test
    void anOfflineServerCannotRestore() {
        SimulatedAgent web = onlineAgent(a, "rapi-offline", "rp-api-off");
        web.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestSecurity.runAs(security, Role.READER,
                () -> fleet.find(web.id())).orElseThrow().status() != ServerStatus.ONLINE);
        assertProblem(operatorA.post("/api/v1/servers/" + web.id() + "/restores", body("recoveryPointId", "rp-api-off")),
                409, null, web.name() + " is offline: its agent does the restore, so it must be online.");
    }

    @Test
    void aRevokedTokenCannotRestore() {
        SimulatedAgent web = onlineAgent(a, "rapi-revoked", "rp-api-rev");
        String user = users.scoped("rrev", Role.OPERATOR, a.path());
        AccessToken.Issued issued = TestSecurity.runAs(security, user, null,
                () -> tokens.create("restore-bot", Role.OPERATOR, null, users.today().plusDays(3)));
        TestSecurity.runAs(security, user, null, () -> {
            tokens.revoke(issued.token().id());
            return null;
        });
        var refused = new ApiClient(port, issued.secret()).post("/api/v1/servers/" + web.id() + "/restores",
                body("recoveryPointId", "rp-api-rev"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.detail()).isEqualTo("The access token 'restore-bot' was revoked.");
    }
}
