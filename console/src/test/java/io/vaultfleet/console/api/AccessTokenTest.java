package io.vaultfleet.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.identity.AccessToken;
import io.vaultfleet.console.identity.AccessTokenService;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Access tokens end to end over HTTP: made by a user for themselves within their own rights, stored hashed, refused
 * when missing, unknown, revoked or expired, never replaced by the console's session (nor accepted by it), audited
 * with the token's name, and rate limited per token.
 */
@ConsoleTest
class AccessTokenTest {
    @LocalServerPort
    int port;

    @Autowired
    ApiUsers users;

    @Autowired
    AccessTokenService tokens;

    @Autowired
    TestVaults vaults;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecurityContextHolderStrategy security;

    @Test
    void aTokenIsShownOnceAndOnlyItsSha256IsStored() throws Exception {
        String user = users.global("hash", Role.READER);
        AccessToken.Issued issued = TestSecurity.runAs(security, user, Role.READER,
                () -> tokens.create("nightly report", Role.READER, null, users.today().plusDays(10)));
        assertThat(issued.secret()).startsWith(AccessTokenService.PREFIX);
        // 256 random bits, base64url: 43 characters after the prefix
        assertThat(issued.secret().substring(AccessTokenService.PREFIX.length())).hasSize(43);
        String stored = jdbc.sql("select secret_hash from access_token where id = :id").param("id", issued.token().id())
                .query(String.class).single();
        assertThat(stored).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(issued.secret().getBytes(StandardCharsets.UTF_8))));
        assertThat(issued.toString()).doesNotContain(issued.secret());
        assertThat(TestSecurity.runAs(security, user, Role.READER, tokens::mine)).extracting(AccessToken::name)
                .containsExactly("nightly report");
        assertThat(new ApiClient(port, issued.secret()).get("/api/v1/vaults").status()).isEqualTo(200);
    }

    @Test
    void refusesTokensWiderThanTheUserOrLongerThanAYear() {
        String user = users.global("rules", Role.OPERATOR);
        assertThatThrownBy(() -> TestSecurity.runAs(security, user, Role.OPERATOR,
                () -> tokens.create("too wide", Role.CONTRIBUTOR, null, users.today().plusDays(5))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problem("role"))
                        .isEqualTo("You do not hold the Contributor role anywhere: a token's role cannot be wider than your own."));
        assertThatThrownBy(() -> TestSecurity.runAs(security, user, Role.OPERATOR,
                () -> tokens.create("too long", Role.READER, null, users.today().plusYears(1).plusDays(1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problem("expires"))
                        .startsWith("A token is valid for at most a year"));
        assertThatThrownBy(() -> TestSecurity.runAs(security, user, Role.OPERATOR,
                () -> tokens.create("past", Role.READER, null, users.today())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problem("expires"))
                        .isEqualTo("The expiry must be after today."));
        assertThatThrownBy(() -> TestSecurity.runAs(security, user, Role.OPERATOR,
                () -> tokens.create("  ", null, null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .containsKeys("name", "role", "expires"));
        var vault = vaults.create("tokvault");
        assertThatThrownBy(() -> TestSecurity.runAs(security, user, Role.OPERATOR,
                () -> tokens.create("other vault", Role.OWNER, vault.id(), users.today().plusDays(1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problem("role"))
                        .isEqualTo("You do not hold the Owner role at this vault: a token's role cannot be wider than your own."));
        // a year to the day is allowed
        assertThat(TestSecurity.runAs(security, user, Role.OPERATOR,
                () -> tokens.create("a year", Role.OPERATOR, null, users.today().plusYears(1))).token().role())
                .isEqualTo(Role.OPERATOR);
    }

    @Test
    void withoutATokenTheApiAnswersAProblem() {
        var answer = new ApiClient(port, null).get("/api/v1/vaults");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(answer.detail()).contains("Authorization: Bearer");
        var unknown = new ApiClient(port, AccessTokenService.PREFIX + "x".repeat(43)).get("/api/v1/vaults");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.detail()).isEqualTo("Unknown access token.");
        var foreign = new ApiClient(port, "some-other-token").get("/api/v1/vaults");
        assertThat(foreign.detail()).isEqualTo("The bearer token is not a VaultFleet access token.");
    }

    @Test
    void aRevokedTokenIsRefusedFromTheNextRequest() {
        String user = users.global("revoke", Role.READER);
        AccessToken.Issued issued = TestSecurity.runAs(security, user, Role.READER,
                () -> tokens.create("short-lived", Role.READER, null, users.today().plusDays(3)));
        ApiClient api = new ApiClient(port, issued.secret());
        assertThat(api.get("/api/v1/subscriptions").status()).isEqualTo(200);
        TestSecurity.runAs(security, user, Role.READER, () -> {
            tokens.revoke(issued.token().id());
            return null;
        });
        var refused = api.get("/api/v1/subscriptions");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.detail()).isEqualTo("The access token 'short-lived' was revoked.");
        // someone else cannot revoke it (or learn whether it exists)
        String other = users.global("other", Role.OWNER);
        assertThatThrownBy(() -> TestSecurity.runAs(security, other, Role.OWNER, () -> {
            tokens.revoke(issued.token().id());
            return null;
        })).isInstanceOf(InvalidInputException.class).hasMessage("You have no active token with this id.");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String user = users.global("expire", Role.READER);
        AccessToken.Issued issued = TestSecurity.runAs(security, user, Role.READER,
                () -> tokens.create("expiring", Role.READER, null, users.today().plusDays(1)));
        // its expiry passes (the console's clock is not moved here: the stored instant is)
        jdbc.sql("update access_token set expires_at = :at where id = :id")
                .param("at", io.vaultfleet.console.platform.Timestamps.toDb(java.time.Instant.now().minusSeconds(1)))
                .param("id", issued.token().id()).update();
        var refused = new ApiClient(port, issued.secret()).get("/api/v1/subscriptions");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.detail()).startsWith("The access token 'expiring' expired on ");
    }

    @Test
    void theConsoleSessionIsNotAcceptedByTheApiNorATokenByTheConsole() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        var csrf = java.util.regex.Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(page);
        String form = "username=admin&password=" + URLEncoder.encode(ConsoleTest.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + (csrf.find() ? "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) : "");
        var signedIn = browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(browser.send(HttpRequest.newBuilder(uri("/vaults")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("the session works in the console").isEqualTo(200);
        var api = browser.send(HttpRequest.newBuilder(uri("/api/v1/vaults")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).as("the same session on the API").isEqualTo(401);

        String token = users.token(users.global("ui", Role.OWNER), Role.OWNER);
        var page2 = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(uri("/vaults")).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page2.statusCode()).as("a token on the console's pages").isEqualTo(302);
        assertThat(page2.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void everyUseIsAuditedWithTheTokensName() {
        String user = users.global("audited", Role.OWNER);
        AccessToken.Issued issued = TestSecurity.runAs(security, user, Role.OWNER,
                () -> tokens.create("deploy-bot", Role.OWNER, null, users.today().plusDays(3)));
        ApiClient api = new ApiClient(port, issued.secret());
        String name = "ApiSub-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(api.post("/api/v1/subscriptions", java.util.Map.of("name", name)).status()).isEqualTo(201);
        String actor = user + " (token 'deploy-bot')";
        assertThat(audit.recent(50)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo(actor);
            assertThat(e.action()).isEqualTo("api.call");
            assertThat(e.target()).isEqualTo("POST /api/v1/subscriptions");
        }).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo(actor);
            assertThat(e.action()).isEqualTo("subscription.create");
            assertThat(e.detail()).isEqualTo(name);
        });
        assertThat(TestSecurity.runAs(security, user, Role.OWNER, tokens::mine).getFirst().lastUsedAt()).isNotNull();
    }

    @Test
    void aFloodingTokenIsToldToWait() {
        ApiClient api = new ApiClient(port, users.token(users.global("flood", Role.READER), Role.READER));
        ApiClient.Answer last = null;
        // the burst is 120 requests; the refill (20 a second) cannot keep up with requests sent back to back
        for (int i = 0; i < 400; i++) {
            last = api.get("/api/v1/storage-locations?limit=1");
            if (last.status() == 429) {
                break;
            }
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
        assertThat(last.detail()).startsWith("Too many requests with the token");
        // another token is not slowed by it
        assertThat(new ApiClient(port, users.token(users.global("calm", Role.READER), Role.READER))
                .get("/api/v1/storage-locations").status()).isEqualTo(200);
    }

    @Test
    void aTokenForOneVaultReachesOnlyThatVaultAndAtMostItsRole() {
        var mine = vaults.create("onevault");
        var other = vaults.create("othervault");
        String owner = users.global("narrow", Role.OWNER);
        ApiClient api = new ApiClient(port, users.token(owner, Role.OWNER, Role.READER, mine.id()));
        var list = api.get("/api/v1/vaults?limit=500").json();
        assertThat(list.get("items").valueStream().map(v -> v.get("id").asString()))
                .contains(mine.id().toString()).doesNotContain(other.id().toString());
        assertThat(api.get("/api/v1/vaults/" + other.id()).status()).isEqualTo(403);
        var vault = api.get("/api/v1/vaults/" + mine.id());
        assertThat(vault.status()).isEqualTo(200);
        var change = api.send("PATCH", "/api/v1/vaults/" + mine.id(), java.util.Map.of("softDelete", true),
                java.util.Map.of("If-Match", vault.header("ETag")));
        assertThat(change.status()).as("a Reader token of an owner cannot change the vault").isEqualTo(403);
        assertThat(change.detail()).isEqualTo("You need the Contributor role at this vault (or above) to do this.");
        assertThat(api.post("/api/v1/subscriptions", java.util.Map.of("name", "Nope")).status()).isEqualTo(403);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
