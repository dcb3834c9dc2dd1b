package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.JobService;

/** The Prometheus endpoint: refused without the scrape token, and its numbers follow what agents do. */
class MetricsEndpointTest extends MonitoringTestBase {
    private static final String TOKEN = "test-scrape-token-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    JobService jobs;

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus", "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void nobodyScrapesWithoutTheToken() throws Exception {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", null).headers().firstValue("WWW-Authenticate")).contains(
                "Bearer realm=\"vaultfleet-metrics\"");
        assertThat(get("/actuator/prometheus", "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
        String consoleUser = Base64.getEncoder().encodeToString(("admin:" + ConsoleTest.ADMIN_PASSWORD).getBytes());
        assertThat(get("/actuator/prometheus", "Basic " + consoleUser).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/env", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/env", "Bearer " + TOKEN).body()).as("only health and prometheus are exposed")
                .doesNotContain("propertySources").doesNotContain("activeProfiles");
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components").doesNotContain("details");
    }

    @Test
    void theNumbersFollowAgentsJobsAndAlerts() throws Exception {
        String before = scrape();
        assertThat(before).contains("# TYPE vaultfleet_agents_online gauge", "vaultfleet_agent_frames_total{",
                "vaultfleet_protected_bytes{", "vaultfleet_alerts_open{");
        String failedFinished = "vaultfleet_jobs_finished_total{application=\"vaultfleet-console\",status=\"FAILED\"}";
        String criticalOpen = "vaultfleet_alerts_open{application=\"vaultfleet-console\",severity=\"CRITICAL\"}";
        String received = "vaultfleet_agent_frames_total{application=\"vaultfleet-console\",direction=\"received\"}";
        double failedBefore = value(before, failedFinished);
        double framesBefore = value(before, received);

        var vault = vaults.create("metrics");
        try (SimulatedAgent agent = agent(vault.id(), "metered").connect("0.1.0")) {
            runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_STATE", List.of()));
            String job = agent.awaitBackupNow();
            agent.progress(job, "SNAPSHOT");
            agent.finish(job, "FAILED", "the VSS writer failed");
            jobEndsChecked(); // the alert is raised on the alert rules' own thread (decision 035)
            // gauges come from a snapshot at most 10 s old: move the clock past it instead of waiting
            CLOCK.advance(Duration.ofSeconds(11));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String after = scrape();
                assertThat(value(after, failedFinished)).isEqualTo(failedBefore + 1);
                // at least hello, job-progress and job-finished (heartbeats come on their own timer)
                assertThat(value(after, received)).isGreaterThanOrEqualTo(framesBefore + 3);
                assertThat(value(after, criticalOpen)).isGreaterThanOrEqualTo(1);
            });
        } finally {
            CLOCK.reset();
        }
    }
}
