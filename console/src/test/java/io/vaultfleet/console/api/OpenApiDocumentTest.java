package io.vaultfleet.console.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.identity.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI 3.1 document generated from the api package is the one checked in as {@code docs/openapi.json}: this
 * test fails when the API changed and the file did not. Regenerate it with
 * {@code ./mvnw -pl console -am test -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.update=true}.
 * The document and its browsable page are for signed-in users only.
 */
@ConsoleTest
class OpenApiDocumentTest {
    static final Path CHECKED_IN = Path.of("../docs/openapi.json");
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    @LocalServerPort
    int port;

    @Autowired
    ApiUsers users;

    @Test
    void theCheckedInDocumentIsTheGeneratedOne() throws Exception {
        HttpClient browser = signedIn();
        HttpResponse<String> document = browser.send(HttpRequest.newBuilder(uri("/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(document.statusCode()).isEqualTo(200);
        JsonNode generated = PRETTY.readTree(document.body());
        assertThat(generated.get("openapi").asString()).startsWith("3.1");
        assertThat(generated.get("paths").propertyNames()).contains("/api/v1/vaults", "/api/v1/jobs/{jobId}",
                "/api/v1/servers/{serverId}/backup", "/api/v1/alerts/{alertId}/acknowledge",
                "/api/v1/servers/{serverId}/restores", "/api/v1/servers/{serverId}/recovery-points/{recoveryPointId}/items");
        String text = PRETTY.writeValueAsString(generated) + "\n";
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(CHECKED_IN, text);
        }
        assertThat(Files.exists(CHECKED_IN)).as("docs/openapi.json is missing: run this test with -Dopenapi.update=true")
                .isTrue();
        assertThat(Files.readString(CHECKED_IN))
                .as("docs/openapi.json differs from the API: run this test with -Dopenapi.update=true and commit it")
                .isEqualTo(text);
    }

    @Test
    void theDocumentAndItsPageAreForSignedInUsersOnly() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        for (String path : new String[] {"/api-docs", "/api-docs/ui", "/api-docs/swagger-ui/index.html"}) {
            var refused = anonymous.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(path).isEqualTo(302);
            assertThat(refused.headers().firstValue("Location")).as(path).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }
        String token = users.token(users.global("docs", Role.READER), Role.READER);
        var withToken = anonymous.send(HttpRequest.newBuilder(uri("/api-docs")).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as("the page is the console's, not the API's").isEqualTo(302);

        HttpClient browser = signedIn();
        var ui = browser.send(HttpRequest.newBuilder(uri("/api-docs/ui")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(302);
        String location = ui.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/api-docs/swagger-ui/index.html");
        var page = browser.send(HttpRequest.newBuilder(uri(URI.create(location).getRawPath())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        var config = browser.send(HttpRequest.newBuilder(uri("/api-docs/swagger-config")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/api-docs");
    }

    private HttpClient signedIn() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        var csrf = java.util.regex.Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(page);
        String form = "username=admin&password=" + URLEncoder.encode(ConsoleTest.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + (csrf.find() ? "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) : "");
        var response = browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        return browser;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
