package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.platform.InvalidInputException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert notifications reaching real receivers: a GreenMail SMTP server (with a sign-in whose password is stored
 * sealed) and a JDK HTTP server standing in for a webhook receiver. Each alert is told once, its resolution once,
 * webhooks are signed and retried with backoff on the moved clock, and secrets never come back.
 */
class NotificationsTest extends MonitoringTestBase {
    private static final String SMTP_USER = "vaultfleet";
    private static final String SMTP_PASSWORD = "smtp-Pa55word-not-shown";
    private static final String FROM = "backup-alerts@vaultfleet.test";
    private static final String WEBHOOK_SECRET = "whsec-0123456789-abcdef";
    private static GreenMail smtp;
    private static HttpServer receiver;
    private static final ConcurrentLinkedQueue<Received> calls = new ConcurrentLinkedQueue<>();
    private static final LinkedBlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().getFirst()).orElse(null);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    @Autowired
    NotificationService notifications;

    @Autowired
    NotificationDispatcher dispatcher;

    @Autowired
    NotificationOutbox outbox;

    @Autowired
    AlertService alerts;

    @Autowired
    JobService jobs;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startReceivers() throws IOException {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        smtp.setUser(FROM, SMTP_USER, SMTP_PASSWORD);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/vaultfleet", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            calls.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceivers() {
        smtp.stop();
        receiver.stop(0);
    }

    @AfterEach
    void reset() {
        CLOCK.reset();
        answers.clear();
    }

    private void useTestSmtpServer() {
        runAs(security, Role.OWNER, () -> notifications.saveSmtp("127.0.0.1", smtp.getSmtp().getPort(),
                SmtpSettings.Security.NONE, SMTP_USER, SMTP_PASSWORD, FROM));
    }

    private String webhookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/vaultfleet";
    }

    private List<MimeMessage> mailsAbout(String text) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> GreenMailUtil.getBody(m).contains(text)
                || subject(m).contains(text)).toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private List<Received> callsAbout(String serverName) {
        return calls.stream().filter(c -> new String(c.body(), StandardCharsets.UTF_8).contains(serverName)).toList();
    }

    private String failBackup(SimulatedAgent agent, String detail) {
        runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_STATE", List.of()));
        String job = agent.awaitBackupNow();
        agent.progress(job, "SNAPSHOT");
        agent.finish(job, "FAILED", detail);
        return job;
    }

    private void completeBackup(SimulatedAgent agent) {
        runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_STATE", List.of()));
        String job = agent.awaitBackupNow();
        agent.finish(job, "COMPLETED", "");
    }

    private UUID alertOf(SimulatedAgent agent) {
        jobEndsChecked();
        return runAs(security, Role.READER, () -> alerts.list(AlertQuery.all().forServer(agent.id()), 0, 10))
                .getFirst().id();
    }

    @Test
    void anAlertIsMailedOnceToTheVaultsRecipientsAndSoIsItsResolution() throws Exception {
        useTestSmtpServer();
        var vault = vaults.create("mail");
        runAs(security, Role.CONTRIBUTOR, () -> notifications.saveForVault(vault.id(),
                "ops@contoso.test; Lead@Contoso.test", false, null, null));
        try (SimulatedAgent agent = agent(vault.id(), "mailed").connect("0.1.0")) {
            failBackup(agent, "wbadmin failed: not enough space on the staging volume");
            await().atMost(Duration.ofSeconds(15)).until(() -> mailsAbout(agent.name()).size() == 2);
            MimeMessage raised = mailsAbout(agent.name()).getFirst();
            assertThat(raised.getSubject()).isEqualTo("[VaultFleet] Critical alert: Backup failed on " + agent.name());
            assertThat(raised.getFrom()[0].toString()).isEqualTo(FROM);
            assertThat(Arrays.stream(raised.getAllRecipients()).map(Object::toString))
                    .as("one message to both, one copy delivered to each").containsExactly("ops@contoso.test", "lead@contoso.test");
            assertThat(GreenMailUtil.getBody(raised)).contains("not enough space on the staging volume")
                    .contains("Vault:     " + vault.name());

            failBackup(agent, "wbadmin failed again");
            dispatcher.deliverDue();
            assertThat(mailsAbout(agent.name())).as("the same cause again is no new alert, so no new mail").hasSize(2);

            completeBackup(agent);
            await().atMost(Duration.ofSeconds(15)).until(() -> mailsAbout(agent.name()).size() == 4);
            assertThat(mailsAbout(agent.name())).extracting(NotificationsTest::subject).containsExactlyInAnyOrder(
                    "[VaultFleet] Critical alert: Backup failed on " + agent.name(),
                    "[VaultFleet] Critical alert: Backup failed on " + agent.name(),
                    "[VaultFleet] Resolved: Backup failed on " + agent.name(),
                    "[VaultFleet] Resolved: Backup failed on " + agent.name());
            dispatcher.deliverDue();
            assertThat(mailsAbout(agent.name())).hasSize(4);
            assertThat(outbox.statusOf(alertOf(agent))).extracting(NotificationOutbox.Status::event)
                    .containsExactly(NotificationOutbox.Event.RAISED, NotificationOutbox.Event.RESOLVED);
        }
    }

    @Test
    void aSignedWebhookIsRetriedWithBackoffAndArrivesOncePerAlert() {
        var vault = vaults.create("hook");
        runAs(security, Role.CONTRIBUTOR, () -> notifications.saveForVault(vault.id(), "", false, webhookUrl(),
                WEBHOOK_SECRET));
        answers.add(500);
        SimulatedAgent agent = agent(vault.id(), "hooked").connect("0.1.0");
        failBackup(agent, "the VSS writer failed");
        await().atMost(Duration.ofSeconds(15)).until(() -> callsAbout(agent.name()).size() == 1);
        UUID alert = alertOf(agent);
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.statusOf(alert).getFirst().attempts() == 1);
        NotificationOutbox.Status afterFailure = outbox.statusOf(alert).getFirst();
        assertThat(afterFailure.deliveredAt()).isNull();
        assertThat(afterFailure.lastError()).isEqualTo("the receiver answered HTTP 500");
        assertThat(afterFailure.nextAttemptAt()).isAfter(CLOCK.instant().plus(Duration.ofSeconds(20)));

        dispatcher.deliverDue();
        assertThat(callsAbout(agent.name())).as("not retried before its backoff").hasSize(1);

        CLOCK.advance(Duration.ofSeconds(31));
        dispatcher.deliverDue();
        await().atMost(Duration.ofSeconds(10)).until(() -> callsAbout(agent.name()).size() == 2);
        dispatcher.deliverDue();
        assertThat(callsAbout(agent.name())).as("delivered, so never sent again").hasSize(2);
        assertThat(outbox.statusOf(alert).getFirst().deliveredAt()).isNotNull();

        List<Received> received = callsAbout(agent.name());
        assertThat(received).extracting(r -> r.header(WebhookCall.DELIVERY)).containsOnly(received.getFirst()
                .header(WebhookCall.DELIVERY));
        for (Received call : received) {
            assertSigned(call);
            assertThat(call.header(WebhookCall.EVENT)).isEqualTo("alert.raised");
            JsonNode json = call.json();
            assertThat(json.get("event").asString()).isEqualTo("alert.raised");
            assertThat(json.get("alert").get("rule").asString()).isEqualTo("BACKUP_FAILED");
            assertThat(json.get("alert").get("serverName").asString()).isEqualTo(agent.name());
            assertThat(json.get("alert").get("detail").asString()).isEqualTo("the VSS writer failed");
        }

        agent.connect("0.1.0"); // the moved clock made the console drop the silent connection
        completeBackup(agent);
        await().atMost(Duration.ofSeconds(15)).until(() -> callsAbout(agent.name()).size() == 3);
        Received resolved = callsAbout(agent.name()).get(2);
        assertSigned(resolved);
        assertThat(resolved.json().get("event").asString()).isEqualTo("alert.resolved");
        assertThat(resolved.json().get("alert").get("state").asString()).isEqualTo("RESOLVED");
        agent.close();
    }

    private static void assertSigned(Received call) {
        String signature = call.header(WebhookCall.SIGNATURE);
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
        assertThat(signature.substring(signature.indexOf("v1=") + 3))
                .isEqualTo(WebhookCall.sign(WEBHOOK_SECRET, t, call.body()))
                .isNotEqualTo(WebhookCall.sign("another-secret-0123", t, call.body()));
    }

    @Test
    void theDailyDigestListsTheDaysAlertsInOneMailInsteadOfOneEach() {
        useTestSmtpServer();
        var vault = vaults.create("digest");
        runAs(security, Role.CONTRIBUTOR, () -> notifications.saveForVault(vault.id(), "night-shift@contoso.test",
                true, null, null));
        SimulatedAgent agent = agent(vault.id(), "digested").connect("0.1.0");
        failBackup(agent, "first failure");
        agent.close();
        UUID alert = alertOf(agent);
        dispatcher.deliverDue();
        assertThat(outbox.statusOf(alert)).as("digest recipients get no mail per alert").isEmpty();
        assertThat(dispatcher.sendDigests()).isZero();
        assertThat(mailsAbout(vault.name())).isEmpty();

        CLOCK.advance(Duration.ofHours(25));
        dispatcher.sendDigests();
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsAbout("Daily alert digest for " + vault.name()).size() == 1);
        MimeMessage digest = mailsAbout("Daily alert digest for " + vault.name()).getFirst();
        assertThat(GreenMailUtil.getBody(digest)).contains("Backup failed on " + agent.name()).contains("first failure");
        assertThat(dispatcher.sendDigests()).as("one digest a day").isZero();
    }

    @Test
    void secretsAreSealedAtRestNeverShownBackAndKeptWhenLeftBlank() {
        useTestSmtpServer();
        var vault = vaults.create("secret");
        NotificationSettings saved = runAs(security, Role.CONTRIBUTOR, () -> notifications.saveForVault(vault.id(),
                "a@contoso.test", false, webhookUrl(), WEBHOOK_SECRET));
        assertThat(saved.webhookSecretSet()).isTrue();
        assertThat(saved.toString()).doesNotContain(WEBHOOK_SECRET);
        String stored = jdbc.sql("select webhook_secret_sealed from alert_notification_setting where vault_id = :v")
                .param("v", vault.id()).query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(WEBHOOK_SECRET);
        String storedPassword = jdbc.sql("select password_sealed from smtp_setting").query(String.class).single();
        assertThat(storedPassword).startsWith("v1:").doesNotContain(SMTP_PASSWORD);
        assertThat(runAs(security, Role.READER, () -> notifications.smtp()).orElseThrow())
                .satisfies(s -> assertThat(s.passwordSet()).isTrue())
                .asString().doesNotContain(SMTP_PASSWORD);
        assertThat(audit.recent(20)).extracting(AuditLog.Entry::detail).isNotEmpty()
                .allSatisfy(d -> assertThat(String.valueOf(d)).doesNotContain(WEBHOOK_SECRET).doesNotContain(SMTP_PASSWORD));

        runAs(security, Role.CONTRIBUTOR, () -> notifications.saveForVault(vault.id(), "b@contoso.test", false,
                webhookUrl(), ""));
        assertThat(jdbc.sql("select webhook_secret_sealed from alert_notification_setting where vault_id = :v")
                .param("v", vault.id()).query(String.class).single()).as("a blank secret keeps the stored one")
                .isEqualTo(stored);
        runAs(security, Role.OWNER, () -> notifications.saveSmtp("127.0.0.1", smtp.getSmtp().getPort(),
                SmtpSettings.Security.NONE, SMTP_USER, null, FROM));
        assertThat(jdbc.sql("select password_sealed from smtp_setting").query(String.class).single())
                .isEqualTo(storedPassword);
    }

    @Test
    void badSettingsAreRefusedWithASpecificReasonAndOnlyTheRightRolesMayChangeThem() {
        var vault = vaults.create("bad");
        assertThatThrownBy(() -> runAs(security, Role.CONTRIBUTOR, () -> notifications.saveForVault(vault.id(),
                "ops@contoso.test, nope, also bad@", false, "ftp://files.contoso.test/hook", "short")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem("recipients")).isEqualTo("Not an e-mail address: nope, also, bad@.");
                    assertThat(e.problem("webhookUrl")).isEqualTo("The webhook URL must be an absolute http:// or https:// address.");
                    assertThat(e.problem("webhookSecret")).isEqualTo("The webhook secret must have at least 16 characters.");
                });
        assertThatThrownBy(() -> runAs(security, Role.CONTRIBUTOR, () -> notifications.saveForVault(vault.id(), "",
                true, "https://hooks.contoso.test/x", null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem("recipients")).isEqualTo("A daily digest needs at least one recipient.");
                    assertThat(e.problem("webhookSecret")).startsWith("A webhook needs a shared secret");
                });
        // a cloud metadata service is never a receiver, even where loopback receivers are allowed (as in these tests)
        assertThatThrownBy(() -> runAs(security, Role.CONTRIBUTOR, () -> notifications.saveForVault(vault.id(), "",
                false, "http://169.254.169.254/latest/meta-data/", "a-long-enough-webhook-secret")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problem("webhookUrl"))
                        .isEqualTo("Not allowed: the webhook host 169.254.169.254 is a link-local address, where cloud "
                                + "metadata services answer (169.254.169.254)."));
        assertThatThrownBy(() -> runAs(security, Role.OWNER, () -> notifications.saveSmtp("", 0, null, null, "pw",
                "not-an-address")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsOnlyKeys(
                        "host", "port", "security", "from", "username"));
        assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () -> notifications.saveForVault(vault.id(),
                "ops@contoso.test", false, null, null))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> runAs(security, Role.CONTRIBUTOR, () -> notifications.saveSmtp("mail.contoso.test",
                25, SmtpSettings.Security.STARTTLS, null, null, FROM))).isInstanceOf(AccessDeniedException.class);
        assertThat(runAs(security, Role.READER, () -> notifications.forVault(vault.id())))
                .isEqualTo(NotificationSettings.none(vault.id()));
    }

    @Test
    void backoffDoublesFromThirtySecondsUpToAnHour() {
        assertThat(NotificationDispatcher.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(NotificationDispatcher.backoff(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(NotificationDispatcher.backoff(5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(NotificationDispatcher.backoff(9)).isEqualTo(Duration.ofHours(1));
        assertThat(NotificationDispatcher.backoff(60)).isEqualTo(Duration.ofHours(1));
    }
}
