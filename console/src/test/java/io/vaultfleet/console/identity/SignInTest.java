package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.access.AccessDeniedException;

import io.vaultfleet.console.ConsoleTest;
import static io.vaultfleet.console.TestSecurity.runAs;

/** Sign-in over plain HTTP, as a browser's form post or a script would do it. */
@ConsoleTest
class SignInTest {
    @LocalServerPort
    int port;

    @Autowired
    org.springframework.security.core.context.SecurityContextHolderStrategy security;

    @Autowired
    UserAccountService accounts;

    @Test
    void acceptsTheRightPasswordAndStartsASession() throws Exception {
        Browserless client = new Browserless(port);
        HttpResponse<String> response = client.signIn("admin", ConsoleTest.ADMIN_PASSWORD);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("login"));
        assertThat(client.get("/servers").statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsAWrongPassword() throws Exception {
        HttpResponse<String> response = new Browserless(port).signIn("admin", "not-the-password-at-all");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }

    @Test
    void throttlesRepeatedFailuresEvenWhenTheRightPasswordFollows() throws Exception {
        String password = "Operator-password-42";
        runAs(security, Role.OWNER, () -> accounts.createUser("night-operator", "Night operator", password, Role.OPERATOR));

        Browserless client = new Browserless(port);
        for (int i = 0; i < 5; i++) {
            assertThat(client.signIn("night-operator", "wrong-guess-" + i).headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }
        HttpResponse<String> blocked = client.signIn("night-operator", password);
        assertThat(blocked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?throttled"));
        assertThat(client.get("/servers").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/login"));
    }

    @Autowired
    org.springframework.security.authentication.AuthenticationManager authentication;

    @Test
    void anAccountLockedFromOneAddressStaysLockedFromAnother() {
        String password = "Second-address-password-7";
        runAs(security, Role.OWNER, () -> accounts.createUser("roaming-operator", "Roaming operator", password, Role.OPERATOR));
        for (int i = 0; i < 5; i++) {
            int attempt = i;
            assertThatThrownBy(() -> signInFrom("203.0.113.7", "roaming-operator", "wrong-guess-" + attempt))
                    .isInstanceOf(org.springframework.security.authentication.BadCredentialsException.class);
        }
        assertThatThrownBy(() -> signInFrom("198.51.100.20", "roaming-operator", password))
                .as("the right password from a second address is refused while the account is locked")
                .isInstanceOf(LoginThrottledException.class);
    }

    private void signInFrom(String address, String username, String password) {
        var token = org.springframework.security.authentication.UsernamePasswordAuthenticationToken.unauthenticated(username, password);
        token.setDetails(new org.springframework.security.web.authentication.WebAuthenticationDetails(address, null));
        authentication.authenticate(token);
    }

    @Test
    void refusesAnonymousRequestsToEveryView() throws Exception {
        Browserless anonymous = new Browserless(port);
        for (String view : List.of("/", "/vaults", "/servers", "/jobs", "/alerts", "/settings", "/settings/users", "/account")) {
            HttpResponse<String> response = anonymous.get(view);
            assertThat(response.statusCode()).as(view).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(view)
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }
    }

    @Test
    void refusesAnAnonymousAgentConnection() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        var refused = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/agent/ws"), new java.net.http.WebSocket.Listener() { });
        assertThatThrownBy(refused::join).satisfies(e -> {
            var handshake = handshakeFailure(e);
            assertThat(handshake.getResponse().statusCode()).isEqualTo(401);
            assertThat(handshake.getResponse().body().toString()).contains("accepts only registered agents");
        });
    }

    @Test
    void readersCannotManageUsers() {
        assertThatThrownBy(() -> runAs(security, Role.READER,
                () -> accounts.createUser("sneaky", "Sneaky", "Sneaky-password-123", Role.OWNER)))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(runAs(security, Role.READER, accounts::listUsers)).isNotEmpty();
    }

    private static java.net.http.WebSocketHandshakeException handshakeFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.http.WebSocketHandshakeException handshake) {
                return handshake;
            }
        }
        throw new AssertionError("not a refused handshake", e);
    }

    /** An HTTP client with its own cookie jar that does not follow redirects. */
    static final class Browserless {
        private final int port;
        private final HttpClient http;

        Browserless(int port) {
            this.port = port;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> signIn(String username, String password) throws Exception {
            String page = get("/login").body();
            String token = metaContent(page, "_csrf");
            String form = "username=" + enc(username) + "&password=" + enc(password) + (token == null ? "" : "&_csrf=" + enc(token));
            return http.send(HttpRequest.newBuilder(uri("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }

        private static String metaContent(String html, String name) {
            var matcher = java.util.regex.Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]+)\"").matcher(html);
            return matcher.find() ? matcher.group(1) : null;
        }
    }
}
