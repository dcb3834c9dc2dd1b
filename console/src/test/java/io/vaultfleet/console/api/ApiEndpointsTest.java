package io.vaultfleet.console.api;

import static io.vaultfleet.console.api.ApiFixture.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.Month;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.policy.PolicyDraft;
import io.vaultfleet.console.policy.RetentionRules;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.CancelJob;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.vault.VaultName;
import io.vaultfleet.protocol.policy.BackupSchedule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint of {@code /api/v1} over HTTP with access tokens: what it does, each refusal by role (a console-wide
 * reader) and by scope (an operator and a contributor of vault A only, asking about vault B), and bad input answered
 * with the field and the console's own message as a problem detail. Servers are agents speaking the real protocol.
 */
@ConsoleTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiEndpointsTest {
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
    SecurityContextHolderStrategy security;

    private Vault a;
    private Vault b;
    private ApiClient owner;
    private ApiClient reader;
    private ApiClient operatorA;
    private ApiClient contributorA;
    private ApiFixture api;

    @BeforeAll
    void fixture() {
        api = new ApiFixture(port, users, fleet, clock, security);
        a = vaults.create("apia");
        b = vaults.create("apib");
        owner = api.global("owner", Role.OWNER);
        reader = api.global("reader", Role.READER);
        operatorA = api.scoped("opa", Role.OPERATOR, a.path());
        contributorA = api.scoped("conta", Role.CONTRIBUTOR, a.path());
    }

    @AfterAll
    void closeAgents() {
        api.close();
    }

    private SimulatedAgent onlineAgent(Vault vault, String name) {
        return api.onlineAgent(vault, name);
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").valueStream().map(n -> n.get("id").asString()).toList();
    }

    @Test
    void subscriptionsResourceGroupsAndStorageLocations() {
        String name = "Api subscription " + UUID.randomUUID().toString().substring(0, 6);
        var created = owner.post("/api/v1/subscriptions", Map.of("name", name));
        assertThat(created.status()).isEqualTo(201);
        String subscriptionId = created.json().get("id").asString();
        assertThat(ids(owner.get("/api/v1/subscriptions?limit=500").json())).contains(subscriptionId);
        assertProblem(owner.post("/api/v1/subscriptions", Map.of("name", name)), 400, "name",
                "A subscription named '" + name + "' already exists.");
        assertProblem(reader.post("/api/v1/subscriptions", Map.of("name", "Readers cannot")), 403, null,
                "You need the Owner role at this console (or above) to do this.");

        var group = owner.post("/api/v1/subscriptions/" + subscriptionId + "/resource-groups", Map.of("name", "rg-api"));
        assertThat(group.status()).isEqualTo(201);
        assertThat(ids(owner.get("/api/v1/subscriptions/" + subscriptionId + "/resource-groups").json()))
                .containsExactly(group.json().get("id").asString());
        assertThat(reader.get("/api/v1/subscriptions/" + subscriptionId + "/resource-groups").json().get("items"))
                .as("a console-wide reader sees it").hasSize(1);
        assertThat(operatorA.get("/api/v1/subscriptions/" + subscriptionId + "/resource-groups").json().get("items"))
                .as("a vault operator elsewhere does not").isEmpty();
        assertProblem(contributorA.post("/api/v1/subscriptions/" + a.subscriptionId() + "/resource-groups",
                Map.of("name", "rg-no")), 403, null, "You need the Contributor role at this subscription (or above) to do this.");
        assertProblem(owner.post("/api/v1/subscriptions/" + UUID.randomUUID() + "/resource-groups",
                Map.of("name", "rg-x")), 404, "subscription", "The subscription does not exist.");
        assertProblem(owner.get("/api/v1/subscriptions/not-an-id/resource-groups"), 400, "subscriptionId",
                "'not-an-id' is not valid for subscriptionId: expected an id (UUID).");

        var locations = reader.get("/api/v1/storage-locations").json().get("items");
        assertThat(locations.valueStream().map(l -> l.get("name").asString())).contains("local");
        assertThat(locations.get(0).has("credential")).as("no secret is listed").isFalse();
    }

    @Test
    void vaultsAreCreatedWithThePortalsRulesAndChangedWithIfMatch() {
        String locationId = reader.get("/api/v1/storage-locations").json().get("items").get(0).get("id").asString();
        var created = owner.post("/api/v1/vaults", Map.of("name", "api-vault-" + UUID.randomUUID().toString()
                .substring(0, 6), "subscriptionId", a.subscriptionId(), "resourceGroupId", a.resourceGroupId(),
                "locationId", locationId, "redundancy", "LOCALLY_REDUNDANT"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("redundancy").asString()).isEqualTo("LOCALLY_REDUNDANT");
        assertThat(created.header("Location")).isEqualTo("/api/v1/vaults/" + created.json().get("id").asString());

        assertProblem(owner.post("/api/v1/vaults", Map.of("name", "9lives", "subscriptionId", a.subscriptionId(),
                "resourceGroupId", a.resourceGroupId(), "locationId", locationId)), 400, "name", VaultName.FIRST_LETTER);
        assertProblem(owner.post("/api/v1/vaults", Map.of("name", a.name(), "subscriptionId", a.subscriptionId(),
                "resourceGroupId", a.resourceGroupId(), "locationId", locationId)), 400, "name",
                "A vault named '" + a.name() + "' already exists in subscription '" + a.subscriptionName()
                        + "' (names are not case-sensitive).");
        assertProblem(reader.post("/api/v1/vaults", Map.of("name", "readers-vault", "subscriptionId", a.subscriptionId(),
                "resourceGroupId", a.resourceGroupId(), "locationId", locationId)), 400, "resourceGroup",
                "You need the Contributor role on this resource group to create a vault in it.");
        assertProblem(contributorA.post("/api/v1/vaults", Map.of("name", "elsewhere", "subscriptionId", a.subscriptionId(),
                "resourceGroupId", a.resourceGroupId(), "locationId", locationId)), 400, "resourceGroup",
                "You need the Contributor role on this resource group to create a vault in it.");
        assertProblem(owner.post("/api/v1/vaults", "{\"name\": "), 400, "body", null);
        assertProblem(owner.post("/api/v1/vaults", Map.of("name", "x-vault", "redundancy", "TRIPLE")), 400, "redundancy",
                "'TRIPLE' is not valid for redundancy: expected one of GEO_REDUNDANT, LOCALLY_REDUNDANT, ZONE_REDUNDANT.");
        assertProblem(owner.post("/api/v1/vaults", Map.of("name", "x-vault", "subscriptionId", "sub-1")), 400,
                "subscriptionId", "'sub-1' is not valid for subscriptionId: expected an id (UUID).");
        assertProblem(owner.post("/api/v1/vaults", "[1, 2]"), 400, "body", null);
        assertProblem(owner.get("/api/v1/no-such-thing"), 404, null, "No such API path.");
        var wrongMethod = owner.send("DELETE", "/api/v1/vaults", null, Map.of());
        assertProblem(wrongMethod, 405, null, "This path takes GET, POST, not DELETE.");
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, POST");
        assertProblem(owner.send("POST", "/api/v1/vaults", "name=x", Map.of("Content-Type", "text/plain")), 415, null,
                "Send the body as application/json.");

        List<String> seen = ids(operatorA.get("/api/v1/vaults?limit=500").json());
        assertThat(seen).contains(a.id().toString()).doesNotContain(b.id().toString());
        assertProblem(operatorA.get("/api/v1/vaults/" + b.id()), 403, null,
                "You need the Reader role at this vault (or above) to do this.");
        assertProblem(owner.get("/api/v1/vaults/" + UUID.randomUUID()), 404, "vault", "No such vault.");

        String path = "/api/v1/vaults/" + created.json().get("id").asString();
        var read = owner.get(path);
        String etag = read.header("ETag");
        assertThat(etag).isNotBlank();
        assertProblem(owner.send("PATCH", path, Map.of("redundancy", "ZONE_REDUNDANT"), Map.of()), 428, null, null);
        assertProblem(owner.send("PATCH", path, Map.of("redundancy", "ZONE_REDUNDANT"), Map.of("If-Match", "\"stale\"")),
                412, null, null);
        assertProblem(reader.send("PATCH", path, Map.of("redundancy", "ZONE_REDUNDANT"), Map.of("If-Match", etag)),
                403, null, "You need the Contributor role at this vault (or above) to do this.");
        var changed = owner.send("PATCH", path, Map.of("redundancy", "ZONE_REDUNDANT", "softDelete", false),
                Map.of("If-Match", etag));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("redundancy").asString()).isEqualTo("ZONE_REDUNDANT");
        assertThat(changed.json().get("softDeleteEnabled").asBoolean()).as("a second owner must confirm").isTrue();
        assertThat(changed.json().get("softDeleteOffRequestedBy").asString()).isNotBlank();
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertProblem(owner.send("PATCH", path, Map.of("softDelete", true), Map.of("If-Match", etag)), 412, null, null);
    }

    @Test
    void backUpNowJobsAndCancel() {
        SimulatedAgent web = onlineAgent(a, "api-web");
        SimulatedAgent other = onlineAgent(b, "api-other");
        var servers = operatorA.get("/api/v1/servers?vaultId=" + a.id()).json();
        assertThat(ids(servers)).contains(web.id().toString()).doesNotContain(other.id().toString());
        assertThat(ids(operatorA.get("/api/v1/servers?limit=500").json())).doesNotContain(other.id().toString());
        assertThat(operatorA.get("/api/v1/servers/" + web.id()).json().get("status").asString()).isEqualTo("ONLINE");
        assertProblem(operatorA.get("/api/v1/servers/" + other.id()), 403, null, null);
        assertProblem(operatorA.get("/api/v1/servers?status=SLEEPING"), 400, "status", null);

        String keepTill = users.today().plusDays(60).toString();
        var started = operatorA.post("/api/v1/servers/" + web.id() + "/backup",
                Map.of("item", "SYSTEM_CONFIGURATION", "retainUntil", keepTill));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String jobId = started.json().get("id").asString();
        assertThat(started.json().get("retainUntil").asString()).isEqualTo(keepTill);
        assertThat(web.next(BackupNow.class).jobId()).isEqualTo(jobId);
        web.progress(jobId, JobStage.UPLOAD);
        await().atMost(Duration.ofSeconds(10)).until(() -> "UPLOAD".equals(
                reader.get("/api/v1/jobs/" + jobId).json().get("job").get("stage").asString()));
        var detail = reader.get("/api/v1/jobs/" + jobId).json();
        assertThat(detail.get("stages").valueStream().map(s -> s.get("stage").asString() + ":" + s.get("state").asString()))
                .containsExactly("PRECHECK:DONE", "SNAPSHOT:DONE", "UPLOAD:CURRENT", "FINALIZE:PENDING");

        assertProblem(reader.post("/api/v1/jobs/" + jobId + "/cancel", null), 403, null,
                "You need the Backup operator role at this vault (or above) to do this.");
        var cancelled = operatorA.post("/api/v1/jobs/" + jobId + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.json().get("cancelRequestedAt").isNull()).isFalse();
        assertThat(web.next(CancelJob.class).jobId()).isEqualTo(jobId);
        web.finish(jobId, JobOutcome.CANCELLED, "cancelled by request");
        await().atMost(Duration.ofSeconds(10)).until(() -> "CANCELLED".equals(
                reader.get("/api/v1/jobs/" + jobId).json().get("job").get("status").asString()));
        assertProblem(operatorA.post("/api/v1/jobs/" + jobId + "/cancel", null), 400, "job",
                "This job has already ended (Cancelled).");
        assertProblem(reader.get("/api/v1/jobs/" + UUID.randomUUID()), 404, "job", "No such job.");

        assertProblem(reader.post("/api/v1/servers/" + web.id() + "/backup", Map.of()), 403, null,
                "You need the Backup operator role at this vault (or above) to do this.");
        assertProblem(operatorA.post("/api/v1/servers/" + other.id() + "/backup", Map.of()), 403, null, null);
        assertProblem(operatorA.post("/api/v1/servers/" + web.id() + "/backup",
                Map.of("retainUntil", users.today().toString())), 400, "retainUntil",
                "Retain backup till must be a day after today (" + users.today() + ").");
        assertProblem(operatorA.post("/api/v1/servers/" + web.id() + "/backup", Map.of("item", "EVERYTHING")), 400,
                "item", "The item must be one of FILES_AND_FOLDERS, SYSTEM_STATE, SYSTEM_CONFIGURATION.");
        assertProblem(operatorA.post("/api/v1/servers/" + web.id() + "/backup", Map.of("retainUntil", "next week")),
                400, "retainUntil", "'next week' is not valid for retainUntil: expected a date (yyyy-MM-dd).");
        assertProblem(operatorA.post("/api/v1/backups", Map.of("serverIds", List.of("web"))), 400, "serverIds[0]",
                "'web' is not valid for serverIds[0]: expected an id (UUID).");

        var many = operatorA.post("/api/v1/backups", Map.of("serverIds", List.of(web.id()), "item", "SYSTEM_CONFIGURATION"));
        assertThat(many.status()).as(many.body()).isEqualTo(202);
        assertThat(many.json()).hasSize(1);
        assertProblem(operatorA.post("/api/v1/backups", Map.of("serverIds", List.of())), 400, "servers",
                "Select at least one server to back up.");
        assertProblem(operatorA.post("/api/v1/backups", Map.of("serverIds", List.of(web.id(), other.id()))), 403, null, null);
        var wholeVault = operatorA.post("/api/v1/vaults/" + a.id() + "/backup", Map.of("item", "SYSTEM_STATE"));
        assertThat(wholeVault.status()).isEqualTo(202);
        assertThat(wholeVault.json().valueStream().map(j -> j.get("serverId").asString())).contains(web.id().toString());
        assertProblem(operatorA.post("/api/v1/vaults/" + b.id() + "/backup", Map.of()), 403, null, null);

        // the Backup jobs view's filters, and cursor pages
        var queued = reader.get("/api/v1/jobs?serverId=" + web.id() + "&status=QUEUED&status=IN_PROGRESS").json();
        assertThat(queued.get("items").valueStream().map(j -> j.get("status").asString())).isNotEmpty()
                .allMatch(s -> s.equals("QUEUED") || s.equals("IN_PROGRESS"));
        assertThat(ids(operatorA.get("/api/v1/jobs?limit=500").json())).doesNotHaveDuplicates()
                .allMatch(id -> !id.isEmpty());
        assertThat(operatorA.get("/api/v1/jobs?serverId=" + other.id()).json().get("items")).isEmpty();
        var first = reader.get("/api/v1/jobs?serverId=" + web.id() + "&limit=1").json();
        assertThat(first.get("items")).hasSize(1);
        String cursor = first.get("nextCursor").asString();
        var second = reader.get("/api/v1/jobs?serverId=" + web.id() + "&limit=1&cursor=" + cursor).json();
        assertThat(ids(second)).hasSize(1).doesNotContainAnyElementsOf(ids(first));
        var all = reader.get("/api/v1/jobs?serverId=" + web.id() + "&limit=500").json();
        assertThat(all.get("nextCursor").isNull()).isTrue();
        assertProblem(reader.get("/api/v1/jobs?cursor=bogus"), 400, "cursor",
                "The cursor is not one this API gave: pass nextCursor back unchanged.");
        assertProblem(reader.get("/api/v1/jobs?limit=0"), 400, "limit", "The page size must be between 1 and 500.");
        assertProblem(reader.get("/api/v1/jobs?status=SLEEPING"), 400, "status", "'SLEEPING' is not valid for status: "
                + "expected one of QUEUED, IN_PROGRESS, COMPLETED, COMPLETED_WITH_WARNINGS, FAILED, CANCELLED.");
        assertProblem(reader.get("/api/v1/jobs?startedFrom=yesterday"), 400, "startedFrom", null);
        assertProblem(reader.get("/api/v1/jobs?limit=lots"), 400, "limit", "'lots' is not valid for limit: expected a number.");
        Instant now = clock.instant();
        assertProblem(reader.get("/api/v1/jobs?startedFrom=" + now + "&startedUntil=" + now.minusSeconds(60)), 400,
                "startedUntil", "The end of the period must be after its start.");
        assertThat(ids(reader.get("/api/v1/jobs?serverId=" + web.id() + "&startedFrom=" + now.plusSeconds(3600))
                .json())).isEmpty();
    }

    @Test
    void recoveryPointsOfAServer() {
        SimulatedAgent web = onlineAgent(a, "api-points");
        web.deliver(new RecoveryPointCreated(UUID.randomUUID().toString(), "rp-api-1", "SYSTEM_CONFIGURATION",
                Instant.parse("2026-11-25T02:00:00Z"), 12, 4096, 4096, 0, List.of("%064x".formatted(7))));
        var points = reader.get("/api/v1/servers/" + web.id() + "/recovery-points").json().get("items");
        assertThat(points).hasSize(1);
        assertThat(points.get(0).get("recoveryPointId").asString()).isEqualTo("rp-api-1");
        assertThat(points.get(0).get("state").asString()).isEqualTo("ACTIVE");
        var outsider = new ApiClient(port, users.token(users.scoped("rpb", Role.READER, b.path()), null, Role.READER, null));
        assertProblem(outsider.get("/api/v1/servers/" + web.id() + "/recovery-points"), 403, null,
                "You need the Reader role at this vault (or above) to do this.");
        assertProblem(reader.get("/api/v1/servers/" + UUID.randomUUID() + "/recovery-points"), 404, "server", "No such server.");
    }

    private static PolicyDraft nightly(String name) {
        return new PolicyDraft(name, List.of("SYSTEM_STATE", "FILES_AND_FOLDERS"), List.of("/srv/data"), List.of("*.tmp"),
                BackupSchedule.daily("Europe/Paris", "21:30"),
                RetentionRules.daily(30).withWeekly(12, DayOfWeek.SUNDAY).withMonthly(12, 1).withYearly(5, Month.JANUARY, 1),
                null);
    }

    @Test
    void policiesAreCreatedEditedWithIfMatchAndAssigned() {
        SimulatedAgent web = onlineAgent(a, "api-policy");
        SimulatedAgent other = onlineAgent(b, "api-policy-b");
        var created = contributorA.post("/api/v1/vaults/" + a.id() + "/policies", nightly("Api nightly"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String policyId = created.json().get("id").asString();
        String etag = created.header("ETag");
        assertThat(created.json().get("settings").get("schedule").get("times").get(0).asString()).isEqualTo("21:30");
        assertThat(ids(reader.get("/api/v1/vaults/" + a.id() + "/policies").json())).contains(policyId);

        assertProblem(operatorA.post("/api/v1/vaults/" + a.id() + "/policies", nightly("Operators cannot")), 403, null,
                "You need the Contributor role at this vault (or above) to do this.");
        assertProblem(contributorA.post("/api/v1/vaults/" + b.id() + "/policies", nightly("Not here")), 403, null, null);
        assertProblem(contributorA.post("/api/v1/vaults/" + a.id() + "/policies", nightly("Api nightly")), 400, "name",
                "Vault " + a.name() + " already has a policy named Api nightly.");
        assertProblem(contributorA.post("/api/v1/vaults/" + a.id() + "/policies", nightly("#bad")), 400, "name",
                "Use letters, digits, spaces, dots, hyphens and underscores, starting with a letter or digit.");
        String shortRetention = ApiClient.JSON.writeValueAsString(nightly("Short")).replace("\"dailyDays\":30", "\"dailyDays\":3");
        var tooShort = contributorA.post("/api/v1/vaults/" + a.id() + "/policies", shortRetention);
        assertThat(tooShort.status()).as(tooShort.body()).isEqualTo(400);
        assertThat(tooShort.field()).isEqualTo("dailyDays");

        String path = "/api/v1/policies/" + policyId;
        assertThat(reader.get(path).header("ETag")).isEqualTo(etag);
        assertProblem(contributorA.send("PUT", path, nightly("Api nightly v2"), Map.of()), 428, null, null);
        assertProblem(contributorA.send("PUT", path, nightly("Api nightly v2"), Map.of("If-Match", "\"r999\"")), 412,
                null, null);
        assertProblem(operatorA.send("PUT", path, nightly("Api nightly v2"), Map.of("If-Match", etag)), 403, null, null);
        var updated = contributorA.send("PUT", path, nightly("Api nightly v2"), Map.of("If-Match", etag));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("settings").get("name").asString()).isEqualTo("Api nightly v2");
        assertThat(updated.header("ETag")).isNotEqualTo(etag);
        assertProblem(contributorA.send("PUT", path, nightly("Api nightly v3"), Map.of("If-Match", etag)), 412, null, null);

        var assigned = contributorA.post(path + "/assign", Map.of("serverIds", List.of(web.id())));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertProblem(owner.post(path + "/assign", Map.of("serverIds", List.of(other.id()))), 400, "servers",
                other.name() + " is not a registered server of vault " + a.name() + ".");
        assertProblem(contributorA.post(path + "/assign", Map.of("serverIds", List.of(other.id()))), 403, null,
                "You need the Reader role at this vault (or above) to do this.");
        assertProblem(contributorA.post(path + "/assign", Map.of("serverIds", List.of())), 400, "servers",
                "Select at least one server.");
        assertProblem(operatorA.post(path + "/assign", Map.of("serverIds", List.of(web.id()))), 403, null, null);
        assertProblem(reader.get("/api/v1/policies/" + UUID.randomUUID()), 404, "policy", "No such policy.");
    }

    @Test
    void alertsAreListedAndAcknowledged() {
        SimulatedAgent web = onlineAgent(a, "api-alert");
        String jobId = operatorA.post("/api/v1/servers/" + web.id() + "/backup", Map.of("item", "SYSTEM_CONFIGURATION"))
                .json().get("id").asString();
        web.next(BackupNow.class);
        web.finish(jobId, JobOutcome.FAILED, "disk on fire");
        await().atMost(Duration.ofSeconds(10)).until(() -> !operatorA.get("/api/v1/alerts?openOnly=true&serverId="
                + web.id()).json().get("items").isEmpty());
        JsonNode alert = operatorA.get("/api/v1/alerts?openOnly=true&rule=BACKUP_FAILED&serverId=" + web.id())
                .json().get("items").get(0);
        String alertId = alert.get("id").asString();
        assertThat(alert.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(reader.get("/api/v1/alerts/" + alertId).json().get("rule").asString()).isEqualTo("BACKUP_FAILED");
        var outsider = new ApiClient(port, users.token(users.scoped("alb", Role.OPERATOR, b.path()), null, Role.OPERATOR, null));
        assertThat(ids(outsider.get("/api/v1/alerts?limit=500").json())).doesNotContain(alertId);
        assertProblem(outsider.get("/api/v1/alerts/" + alertId), 403, null, null);
        assertProblem(reader.post("/api/v1/alerts/" + alertId + "/acknowledge", null), 403, null,
                "You need the Backup operator role at this vault (or above) to do this.");

        var acknowledged = operatorA.post("/api/v1/alerts/" + alertId + "/acknowledge", null);
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.json().get("state").asString()).isEqualTo("ACKNOWLEDGED");
        assertProblem(operatorA.post("/api/v1/alerts/" + alertId + "/acknowledge", null), 400, "body",
                "Only an active alert can be acknowledged; this one is acknowledged.");
        assertProblem(operatorA.post("/api/v1/alerts/" + UUID.randomUUID() + "/acknowledge", null), 404, null,
                "No such alert.");
        assertProblem(reader.get("/api/v1/alerts?state=SNOOZED"), 400, "state", null);
    }
}
