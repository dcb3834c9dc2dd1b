package io.vaultfleet.console.recover;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.jobs.JobOperation;
import io.vaultfleet.console.jobs.JobQuery;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.protocol.BrowseFolder;
import io.vaultfleet.protocol.CancelJob;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.EntryKind;
import io.vaultfleet.protocol.FolderEntry;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.RecoveryClose;
import io.vaultfleet.protocol.RecoveryKey;
import io.vaultfleet.protocol.RecoveryKeyRequest;
import io.vaultfleet.protocol.RecoveryMode;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.RestoreStart;
import io.vaultfleet.protocol.SkippedItem;
import io.vaultfleet.protocol.recovery.RecoveryKeys;

/**
 * Recover Data against agents speaking the real protocol over real WebSockets (the target's side played by the test
 * as the agent would): sessions, the signed session key, the sealed passphrase, browsing, the restore job and who
 * may do it.
 */
@ConsoleTest
@ExtendWith(OutputCaptureExtension.class)
class RecoverDataServiceTest {
    static final String OPERATOR = "recover-operator";
    static final String PASSPHRASE = "Correct-Horse-Battery-Staple-7791";

    @LocalServerPort
    int port;

    @Autowired
    RecoverDataService recover;

    @Autowired
    JobService jobs;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecurityContextHolderStrategy security;

    private final List<SimulatedAgent> agents = new ArrayList<>();

    @AfterEach
    void tearDown() {
        agents.forEach(SimulatedAgent::close);
    }

    private SimulatedAgent agent(UUID vaultId, String name) {
        SimulatedAgent agent = SimulatedAgent.enroll(fleet, vaultId, name, port, Clock.systemUTC());
        agents.add(agent);
        return agent.connect();
    }

    private <T> T asOperator(Supplier<T> action) {
        return runAs(security, OPERATOR, Role.OPERATOR, action);
    }

    private static void point(SimulatedAgent agent, String id) {
        agent.deliver(new RecoveryPointCreated(UUID.randomUUID().toString(), id, "FILES_AND_FOLDERS",
                Instant.parse("2026-11-02T22:00:00Z"), 3, 3_000, 1_000, 0, List.of("pack-" + id)));
    }

    /** The target's side of an own-backups session: answers recovery-open with OPENED. */
    private RecoverySession openOwn(SimulatedAgent target) {
        RecoverySession session = asOperator(() -> recover.begin(target.id(), target.id()));
        CompletableFuture<RecoveryOpened> opened = CompletableFuture.supplyAsync(
                () -> asOperator(() -> recover.open(session.id(), null)));
        RecoveryOpen open = target.next(RecoveryOpen.class);
        assertThat(open.sourceRepository()).isNull();
        assertThat(open.sealedPassphrase()).isNull();
        target.send(new RecoveryOpened(open.sessionId(), RecoveryOpenResult.OPENED, ""));
        assertThat(opened.join().result()).isEqualTo(RecoveryOpenResult.OPENED);
        return session;
    }

    /** An operator begins a session on {@code target} for {@code source}'s backups; the target is asked for a key. */
    private KeyExchange beginWithAnotherServer(SimulatedAgent target, SimulatedAgent source) {
        CompletableFuture<RecoverySession> begun = CompletableFuture.supplyAsync(
                () -> asOperator(() -> recover.begin(target.id(), source.id())));
        RecoveryKeyRequest request = target.next(RecoveryKeyRequest.class);
        return new KeyExchange(begun, request.sessionId(), RecoveryKeys.generate(),
                Instant.now().plus(Duration.ofMinutes(30)));
    }

    /** A session key the target was asked for, and the answer an agent sends with it. */
    private record KeyExchange(CompletableFuture<RecoverySession> begun, String sessionId, KeyPair sessionKey,
            Instant expires) {
        String publicKey() {
            return RecoveryKeys.encodePublic(sessionKey.getPublic());
        }

        /** The public key and its expiry, signed with {@code signer}'s agent key. */
        RecoveryKey signedBy(SimulatedAgent signer) {
            return new RecoveryKey(sessionId, publicKey(), expires,
                    signer.sign(RecoveryKeys.statement(sessionId, publicKey(), expires)));
        }
    }

    private BackupJob job(UUID id) {
        return asOperator(() -> jobs.find(id)).orElseThrow();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void ownBackupsBrowseAndRestoreAsAJobThatMakesNoRecoveryPoint() {
        var vault = vaults.create("recover");
        SimulatedAgent target = agent(vault.id(), "rsrv");
        point(target, "rp-own-1");
        long pointsBefore = count("select count(*) from recovery_point");
        RecoverySession session = openOwn(target);
        assertThat(asOperator(() -> recover.recoveryPoints(session.id()))).extracting(p -> p.recoveryPointId())
                .containsExactly("rp-own-1");

        CompletableFuture<FolderPage> page = CompletableFuture.supplyAsync(() -> asOperator(
                () -> recover.browse(session.id(), "rp-own-1", "", null, 1000, null)));
        BrowseFolder browse = target.next(BrowseFolder.class);
        assertThat(browse.limit()).isEqualTo(1000);
        target.send(new FolderPage(browse.requestId(), browse.sessionId(), List.of(
                new FolderEntry("data", "/srv/data", EntryKind.FOLDER, 0, null)), null, null));
        assertThat(page.join().entries()).extracting(FolderEntry::path).containsExactly("/srv/data");

        BackupJob job = asOperator(() -> recover.restore(session.id(), RestoreChoice.files("rp-own-1",
                List.of("/srv/data"), "/restore/here", ConflictPolicy.CREATE_COPIES, true)));
        assertThat(job.kind()).isEqualTo(JobOperation.RESTORE);
        RestoreStart start = target.next(RestoreStart.class);
        assertThat(start.jobId()).isEqualTo(job.id().toString());
        assertThat(start.destination()).isEqualTo("/restore/here");
        assertThat(start.conflict()).isEqualTo(ConflictPolicy.CREATE_COPIES);
        assertThat(start.items()).containsExactly("/srv/data");

        target.send(new JobProgress(start.jobId(), JobStage.RESTORE, 1, 1_000, 3_000, 500));
        await().atMost(Duration.ofSeconds(10)).until(() -> job(job.id()).stage() == JobStage.RESTORE);
        target.deliver(new JobFinished(UUID.randomUUID().toString(), start.jobId(), JobOutcome.COMPLETED_WITH_WARNINGS,
                "1 item not restored", "rp-own-1", 2, 2_000, 0,
                List.of(new SkippedItem("/srv/data/locked.db", "exists at the destination (Do not recover)")), 0));
        BackupJob done = job(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED_WITH_WARNINGS);
        assertThat(done.recoveryPointId()).isEqualTo("rp-own-1");
        assertThat(asOperator(() -> jobs.skippedItems(job.id()))).extracting(SkippedItem::reason)
                .containsExactly("exists at the destination (Do not recover)");
        assertThat(count("select count(*) from recovery_point")).isEqualTo(pointsBefore);
        JobQuery restores = JobQuery.forServer(target.id()).withOperations(Set.of(JobOperation.RESTORE));
        assertThat(asOperator(() -> jobs.list(restores, 0, 10))).extracting(BackupJob::id).containsExactly(job.id());
        assertThat(asOperator(() -> fleet.find(target.id())).orElseThrow().lastBackupStatus())
                .as("a restore is not the server's last backup").isNull();
        assertThat(jdbc.sql("select count(*) from vault_alert where server_id = :s").param("s", target.id())
                .query(Long.class).single()).as("a restore drives no backup-health alert").isZero();
        // the session was the job's: browsing again is refused with the reason
        assertThatThrownBy(() -> asOperator(() -> recover.browse(session.id(), "rp-own-1", "", null, 10, null)))
                .isInstanceOf(RecoveryException.class).hasMessageContaining("restore has started");
    }

    @Test
    void anotherServersPassphraseIsSealedToTheSignedKeyAndNeverStoredLoggedOrAudited(CapturedOutput output) {
        var vault = vaults.create("recover");
        SimulatedAgent source = agent(vault.id(), "src");
        SimulatedAgent target = agent(vault.id(), "tgt");
        point(source, "rp-src-1");

        KeyExchange key = beginWithAnotherServer(target, source);
        KeyPair sessionKey = key.sessionKey();
        String publicKey = key.publicKey();
        target.send(key.signedBy(target));
        RecoverySession session = key.begun().join();
        assertThat(session.publicKey()).isEqualTo(publicKey);
        assertThat(session.anotherServer()).isTrue();

        // first a wrong passphrase: the agent says so, and nothing is open
        CompletableFuture<RecoveryOpened> wrong = CompletableFuture.supplyAsync(() -> asOperator(() -> recover.open(
                session.id(), RecoveryKeys.seal(publicKey, session.id().toString(), "not-it".toCharArray()))));
        RecoveryOpen first = target.next(RecoveryOpen.class);
        assertThat(new String(RecoveryKeys.open(sessionKey.getPrivate(), first.sessionId(), first.sealedPassphrase())))
                .isEqualTo("not-it");
        target.send(new RecoveryOpened(first.sessionId(), RecoveryOpenResult.WRONG_PASSPHRASE,
                "The passphrase does not open the backups of " + source.name() + "."));
        assertThat(wrong.join().result()).isEqualTo(RecoveryOpenResult.WRONG_PASSPHRASE);
        assertThatThrownBy(() -> asOperator(() -> recover.browse(session.id(), "rp-src-1", "", null, 10, null)))
                .isInstanceOf(RecoveryException.class).hasMessageContaining("not open yet");

        // then the right one, sealed as the browser seals it: only the target's session key opens it
        CompletableFuture<RecoveryOpened> right = CompletableFuture.supplyAsync(() -> asOperator(() -> recover.open(
                session.id(), RecoveryKeys.seal(publicKey, session.id().toString(), PASSPHRASE.toCharArray()))));
        RecoveryOpen second = target.next(RecoveryOpen.class);
        assertThat(second.sourceServerId()).isEqualTo(source.id().toString());
        assertThat(second.sourceRepository()).startsWith("folder:").endsWith(
                StorageAccessIssuer.containerOf(source.id()));
        assertThat(new String(RecoveryKeys.open(sessionKey.getPrivate(), second.sessionId(), second.sealedPassphrase())))
                .isEqualTo(PASSPHRASE);
        target.send(new RecoveryOpened(second.sessionId(), RecoveryOpenResult.OPENED, ""));
        assertThat(right.join().result()).isEqualTo(RecoveryOpenResult.OPENED);

        BackupJob job = asOperator(() -> recover.restore(session.id(), RestoreChoice.files("rp-src-1", List.of(),
                "/restore/from-src", ConflictPolicy.OVERWRITE, false)));
        RestoreStart start = target.next(RestoreStart.class);
        assertThat(start.conflict()).isEqualTo(ConflictPolicy.OVERWRITE);
        assertThat(job.serverId()).isEqualTo(target.id());
        // a clean-up of the source waits while the restore reads its backups
        assertThat(jdbc.sql("select source_server_id from backup_job where id = :id").param("id", job.id())
                .query(UUID.class).single()).isEqualTo(source.id());

        // the passphrase is nowhere: not in any table, not in the logs, not in the audit
        String dump = String.join("\n", jdbc.sql("script nodata").query(String.class).list())
                + String.join("\n", jdbc.sql("script").query(String.class).list());
        assertThat(dump).contains(source.id().toString()).doesNotContain(PASSPHRASE);
        assertThat(output.getAll()).doesNotContain(PASSPHRASE);
        assertThat(jdbc.sql("select count(*) from audit_event where detail like :p").param("p", "%" + PASSPHRASE + "%")
                .query(Long.class).single()).isZero();
        assertThat(count("select count(*) from audit_event where action = 'recover.storage-grant'")).isPositive();
    }

    @Test
    void aSessionKeyNotSignedByTheTargetsRegisteredKeyIsRefused() {
        var vault = vaults.create("recover");
        SimulatedAgent source = agent(vault.id(), "src");
        SimulatedAgent target = agent(vault.id(), "tgt");
        SimulatedAgent impostor = agent(vault.id(), "other");
        KeyExchange key = beginWithAnotherServer(target, source);
        // another agent's signature, sent by the target's connection
        target.send(key.signedBy(impostor));
        assertThatThrownBy(key.begun()::join).hasCauseInstanceOf(RecoveryException.class)
                .hasMessageContaining("not signed by its registered key");
    }

    @Test
    void aKeyFromAnotherAgentDoesNotAnswerForTheTarget() {
        var vault = vaults.create("recover");
        SimulatedAgent source = agent(vault.id(), "src");
        SimulatedAgent target = agent(vault.id(), "tgt");
        KeyExchange key = beginWithAnotherServer(target, source);
        // the source answers in the target's place, signing with its own key: ignored
        source.send(key.signedBy(source));
        target.send(key.signedBy(target));
        assertThat(key.begun().join().publicKey()).isEqualTo(key.publicKey());
    }

    @Test
    void readersAndOtherVaultsAreRefused() {
        var vault = vaults.create("recover");
        var elsewhere = vaults.create("recover-other");
        SimulatedAgent target = agent(vault.id(), "tgt");
        SimulatedAgent foreign = agent(elsewhere.id(), "foreign");
        assertThatThrownBy(() -> runAs(security, Role.READER, () -> recover.begin(target.id(), target.id())))
                .isInstanceOf(AccessDeniedException.class);
        var server = asOperator(() -> fleet.find(target.id())).orElseThrow();
        assertThat(runAs(security, Role.READER, () -> recover.whyNot(server)))
                .hasValueSatisfying(why -> assertThat(why).contains("Backup operator"));
        assertThat(asOperator(() -> recover.whyNot(server))).isEmpty();
        assertThatThrownBy(() -> asOperator(() -> recover.begin(target.id(), foreign.id())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("same vault");
        assertThat(count("select count(*) from audit_event where action = 'recover.begin' and outcome = 'DENIED'"))
                .isPositive();
    }

    @Test
    void restoreOptionsAreCheckedAndCancelReachesTheAgent() {
        var vault = vaults.create("recover");
        SimulatedAgent target = agent(vault.id(), "rsrv");
        point(target, "rp-c-1");
        RecoverySession session = openOwn(target);
        assertThatThrownBy(() -> asOperator(() -> recover.restore(session.id(), RestoreChoice.files("rp-nope",
                List.of(), null, ConflictPolicy.SKIP, true)))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("No such recovery point");
        // the simulated agent runs Windows: System configuration is for Linux sources
        assertThatThrownBy(() -> asOperator(() -> recover.restore(session.id(), new RestoreChoice("rp-c-1",
                RecoveryMode.SYSTEM_CONFIGURATION, List.of(), null, ConflictPolicy.SKIP, true,
                null, false)))).isInstanceOf(InvalidInputException.class).hasMessageContaining("Linux");
        BackupJob job = asOperator(() -> recover.restore(session.id(), RestoreChoice.files("rp-c-1", List.of(), null,
                ConflictPolicy.SKIP, true)));
        RestoreStart start = target.next(RestoreStart.class);
        assertThat(start.destination()).isNull();
        assertThat(start.conflict()).isEqualTo(ConflictPolicy.SKIP);
        target.send(new JobProgress(start.jobId(), JobStage.RESTORE, 1, 100, 3_000, 50));
        asOperator(() -> jobs.cancel(job.id()));
        assertThat(target.next(CancelJob.class).jobId()).isEqualTo(job.id().toString());
        target.deliver(new JobFinished(UUID.randomUUID().toString(), start.jobId(), JobOutcome.CANCELLED,
                "cancelled by " + OPERATOR, "rp-c-1", 1, 100, 0, List.of(), 0));
        assertThat(job(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void closingTheWizardTellsTheAgentToForgetTheSession() {
        var vault = vaults.create("recover");
        SimulatedAgent target = agent(vault.id(), "rsrv");
        RecoverySession session = openOwn(target);
        asOperator(() -> {
            recover.close(session.id());
            return null;
        });
        assertThat(target.next(RecoveryClose.class).sessionId()).isEqualTo(session.id().toString());
        assertThatThrownBy(() -> asOperator(() -> recover.recoveryPoints(session.id())))
                .isInstanceOf(RecoveryException.class).hasMessageContaining("has ended");
    }
}
