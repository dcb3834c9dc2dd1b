package io.vaultfleet.console.recovery;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.bean.override.convention.TestBean;

import io.vaultfleet.agent.backup.BackupResult;
import io.vaultfleet.agent.backup.PacksRemovedException;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.ForwardingStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.UserAccountService;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.storage.ServerStorage;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.testsupport.Azurite;

/**
 * Retention clean-up on recovery points the agent's real engine wrote to console-assigned storage (a folder, and an
 * Azurite container reached with the agent's SAS without delete), with a clock the test moves.
 */
@ConsoleTest
class RetentionCleanupTest {
    private static final OffsetClock CLOCK = new OffsetClock();

    @TestBean(name = "clock", methodName = "offsetClock")
    Clock clock;

    static Clock offsetClock() {
        return CLOCK;
    }

    @Autowired
    RetentionCleanup retention;

    @Autowired
    RecoveryPointCatalog catalog;

    @Autowired
    JobService jobs;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    StorageLocationService locations;

    @Autowired
    StorageAccessIssuer issuer;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path work;

    @Autowired
    UserAccountService users;

    @Autowired
    ServerStorage storage;

    @Autowired
    VaultService vaultService;

    @Autowired
    AccessControl access;

    @Autowired
    io.vaultfleet.console.policy.PolicyService policies;

    private UUID serverId;
    private Vault vault;

    @AfterEach
    void resetClock() {
        CLOCK.reset();
    }

    private AgentEngine server(UUID locationId) throws IOException {
        return server(locationId, UnaryOperator.identity());
    }

    private AgentEngine server(UUID locationId, UnaryOperator<BlobStore> wrap) throws IOException {
        vault = vaults.create("ret", locationId);
        AgentEngine agent = AgentEngine.forNewServer(vault, fleet, issuer, catalog, work, wrap);
        serverId = agent.serverId();
        return agent;
    }

    private UUID azuriteLocation() {
        Azurite azurite = Azurite.shared();
        return runAs(security, Role.OWNER, () -> locations.create(new StorageLocationForm(
                "azurite-" + UUID.randomUUID().toString().substring(0, 6), "Azurite", StorageKind.AZURE_BLOB, null,
                azurite.blobEndpoint(), Azurite.KEY, null))).id();
    }

    /** A user whose only role is {@code role} on this test's vault. */
    private String userOnVault(Role role) {
        String name = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        runAs(security, Role.OWNER, () -> {
            users.createUser(name, name, "Retention-Test-Password-1", Role.READER);
            access.removeGlobalRole(name);
            return access.grant(name, role, vault.path());
        });
        return name;
    }

    /** What the server's deleted area (out of the agent's reach) holds, as the console sees it. */
    private List<String> deletedArea() {
        return storage.open(vault.locationId(), vault.id(), serverId).list(ServerStorage.DELETED).keySet().stream()
                .sorted().toList();
    }

    private List<BackupJob> jobsOfServer() {
        return runAs(security, Role.READER, () -> jobs.list(serverId, 0, 10));
    }

    private List<RecoveryPoint> points() {
        return runAs(security, Role.READER, () -> catalog.forServer(serverId));
    }

    private RecoveryPoint point(String id) {
        return points().stream().filter(p -> p.recoveryPointId().equals(id)).findFirst().orElseThrow();
    }

    private static String packBlob(String packId) {
        return "packs/" + packId.substring(0, 2) + "/" + packId;
    }

    @Test
    void expiringFreesExactlyTheUnreferencedPacksOnAFolder() throws Exception {
        expireThenBackUpAgain(server(null));
    }

    @Test
    void expiringFreesExactlyTheUnreferencedPacksOnAzureBlobStorage() throws Exception {
        expireThenBackUpAgain(server(azuriteLocation()));
    }

    /**
     * Three points: 1 = {a, b}, 2 = {a', b}, 3 = {a', c}. Expiring 1 and 2 frees exactly 1's pack (b is in it, and
     * only 1 and 2 use b); 2's pack stays (3 uses a'). Point 3 still restores. A backup that puts b back would have
     * deduplicated against the freed pack: it uploads b again and restores too.
     */
    private void expireThenBackUpAgain(AgentEngine agent) throws Exception {
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(600_000, 1));
        byte[] b = AgentEngine.random(400_000, 2);
        Files.write(agent.source.resolve("b.bin"), b);
        BackupResult first = agent.backup();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(500_000, 3));
        BackupResult second = agent.backup();
        Files.delete(agent.source.resolve("b.bin"));
        Files.write(agent.source.resolve("c.bin"), AgentEngine.random(300_000, 4));
        BackupResult third = agent.backup();
        Map<String, byte[]> thirdState = agent.sourceState();
        String firstPack = first.catalog().packIds().getFirst();
        assertThat(first.catalog().packIds()).containsExactly(firstPack);
        assertThat(second.catalog().packIds()).contains(firstPack).hasSize(2);
        assertThat(third.catalog().packIds()).doesNotContain(firstPack);
        long firstPackSize = agent.store.size(packBlob(firstPack));

        RetentionCleanup.Result result = retention.run(serverId,
                Set.of(first.snapshotId(), second.snapshotId()), "test policy");

        assertThat(result.outcome()).isEqualTo(RetentionCleanup.Outcome.COMPLETED);
        assertThat(result.packs()).containsExactly(firstPack);
        assertThat(agent.storedPacks()).containsExactlyInAnyOrderElementsOf(third.catalog().packIds());
        assertThat(agent.snapshotIds()).containsExactly(third.snapshotId());
        assertThat(deletedArea()).containsExactlyInAnyOrder("deleted/" + packBlob(firstPack),
                "deleted/snapshots/" + first.snapshotId(), "deleted/snapshots/" + second.snapshotId());
        assertThat(agent.blobs("")).noneMatch(name -> name.contains(firstPack) || name.contains(first.snapshotId()));
        assertThat(point(first.snapshotId()).state()).isEqualTo(RecoveryPoint.State.SOFT_DELETED);
        assertThat(point(third.snapshotId()).state()).isEqualTo(RecoveryPoint.State.ACTIVE);
        assertThat(runAs(security, Role.OWNER, () -> vaultService.overview(vault.id())).recoveryPoints()).isEqualTo(1);

        BackupJob job = runAs(security, Role.READER, () -> jobs.find(result.jobId())).orElseThrow();
        assertThat(job.operation()).isEqualTo(RetentionCleanup.OPERATION);
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.serverId()).isEqualTo(serverId);
        assertThat(job.filesDone()).isEqualTo(1);
        assertThat(job.bytesDone()).isGreaterThan(firstPackSize);
        assertThat(job.detail()).contains("Expired 2 recovery point(s) (test policy)")
                .contains(first.snapshotId().substring(0, 12)).contains("Removed 1 pack(s)")
                .contains("recoverable until");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'retention.cleanup' and target = :t")
                .param("t", "server:" + serverId).query(Long.class).single()).isEqualTo(1);

        agent.assertRestores(third.snapshotId(), thirdState);

        Files.write(agent.source.resolve("b.bin"), b);
        BackupResult fourth = agent.backup();
        assertThat(fourth.stats().newBytes()).isEqualTo(b.length);
        assertThat(fourth.catalog().packIds()).doesNotContain(firstPack);
        agent.assertRestores(fourth.snapshotId(), agent.sourceState());
        agent.assertRestores(third.snapshotId(), thirdState);
    }

    /**
     * An interrupted upload left temporary pack files on a folder location (5 files, 51 MB of a 2 GiB backup in the
     * report): the clean-up removes those an hour old and leaves a fresh one, which may be an upload in progress.
     */
    @Test
    void aCleanUpRemovesOldTemporaryFilesOfInterruptedUploadsOnAFolder() throws Exception {
        AgentEngine agent = server(null);
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(300_000, 9));
        BackupResult first = agent.backup();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(200_000, 10));
        agent.backup();
        Path root = Path.of(agent.store.describe().substring("folder:".length()));
        Path packs = Files.createDirectories(root.resolve("packs/ab"));
        Path old1 = Files.write(packs.resolve("ab" + "1".repeat(62) + ".tmp-aaaa"), new byte[7000]);
        Path old2 = Files.write(packs.resolve("ab" + "2".repeat(62) + ".tmp-bbbb"), new byte[3000]);
        Path fresh = Files.write(packs.resolve("ab" + "3".repeat(62) + ".tmp-cccc"), new byte[500]);
        java.nio.file.attribute.FileTime hoursAgo = java.nio.file.attribute.FileTime.from(
                clock.instant().minus(Duration.ofHours(3)));
        Files.setLastModifiedTime(old1, hoursAgo);
        Files.setLastModifiedTime(old2, hoursAgo);

        RetentionCleanup.Result result = retention.run(serverId, Set.of(first.snapshotId()), "test policy");

        assertThat(result.outcome()).isEqualTo(RetentionCleanup.Outcome.COMPLETED);
        assertThat(result.detail()).contains("Removed 2 temporary file(s) of interrupted uploads");
        assertThat(old1).doesNotExist();
        assertThat(old2).doesNotExist();
        assertThat(fresh).exists();
    }

    /**
     * A year of nightly backups (22:00 UTC, 2026-01-01 to 2026-12-31) under a policy keeping 7 daily, 4 weekly
     * (Sunday), 3 monthly (the 1st) and 1 yearly (January 1st) points. Each night's point uses a pack shared by the
     * whole year, a pack of its ISO week and a pack of its own. On New Year's Eve the scheduled pass keeps exactly the
     * 14 GFS points and removes exactly the packs only expired points used: the nightly packs of the expired
     * nights and the weekly packs of weeks with no kept night.
     */
    @Test
    void aYearUnderAPolicyKeepsExactlyTheGfsPointsAndFreesExactlyTheirUnreferencedPacks() throws Exception {
        AgentEngine agent = server(null);
        var policy = runAs(security, Role.OWNER, () -> policies.create(vault.id(), new io.vaultfleet.console.policy.PolicyDraft(
                "Nightly GFS", List.of("FILES_AND_FOLDERS"), List.of("/srv"), List.of(),
                io.vaultfleet.protocol.policy.BackupSchedule.daily("UTC", "22:00"),
                io.vaultfleet.console.policy.RetentionRules.daily(7).withWeekly(4, java.time.DayOfWeek.SUNDAY)
                        .withMonthly(3, 1).withYearly(1, java.time.Month.JANUARY, 1), null)));
        runAs(security, Role.OWNER, () -> {
            policies.assign(policy.id(), List.of(serverId));
            return null;
        });
        CLOCK.advance(Duration.between(Instant.now(), Instant.parse("2026-12-31T23:00:00Z")));
        String yearPack = hex("year");
        Map<String, java.time.LocalDate> dayOf = new java.util.HashMap<>();
        Map<String, Set<String>> packsOf = new java.util.HashMap<>();
        for (var day = java.time.LocalDate.of(2026, 1, 1); !day.isAfter(java.time.LocalDate.of(2026, 12, 31)); day = day.plusDays(1)) {
            String id = hex("rp-" + day);
            int week = day.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            List<String> packs = List.of(yearPack, hex("week-" + week), hex("night-" + day));
            agent.reportStored(id, day.atTime(22, 0).toInstant(java.time.ZoneOffset.UTC), packs);
            dayOf.put(id, day);
            packsOf.put(id, Set.copyOf(packs));
        }
        Set<String> allPacks = packsOf.values().stream().flatMap(Set::stream).collect(java.util.stream.Collectors.toSet());
        assertThat(agent.storedPacks()).containsExactlyInAnyOrderElementsOf(allPacks);

        retention.pass();

        Set<String> expectedDays = Set.of("2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28", "2026-12-29",
                "2026-12-30", "2026-12-31", "2026-12-20", "2026-12-13", "2026-12-06", "2026-12-01", "2026-11-01",
                "2026-10-01", "2026-01-01");
        List<String> keptDays = points().stream().filter(p -> p.state() == RecoveryPoint.State.ACTIVE)
                .map(p -> dayOf.get(p.recoveryPointId()).toString()).toList();
        assertThat(keptDays).containsExactlyInAnyOrderElementsOf(expectedDays);
        Set<String> keptPacks = packsOf.entrySet().stream().filter(e -> expectedDays.contains(dayOf.get(e.getKey()).toString()))
                .flatMap(e -> e.getValue().stream()).collect(java.util.stream.Collectors.toSet());
        assertThat(agent.storedPacks()).containsExactlyInAnyOrderElementsOf(keptPacks);
        Set<String> freed = new java.util.HashSet<>(allPacks);
        freed.removeAll(keptPacks);
        assertThat(freed).hasSize(351 + 45); // the 351 expired nights, and 45 of 53 ISO weeks without a kept night
        assertThat(deletedArea().stream().filter(n -> n.startsWith("deleted/packs/")).toList())
                .containsExactlyInAnyOrderElementsOf(freed.stream().map(p -> "deleted/" + packBlob(p)).toList());
        assertThat(agent.snapshotIds()).hasSize(14);
        BackupJob cleanUp = jobsOfServer().stream().filter(j -> j.operation().equals(RetentionCleanup.OPERATION))
                .findFirst().orElseThrow();
        assertThat(cleanUp.detail()).contains("Expired 351 recovery point(s) (backup policy retention)")
                .contains("Removed " + freed.size() + " pack(s)");
    }

    private static String hex(String name) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSoftDeletedPointIsUndeletedWithinThePeriodAndRestoredThenPurgedAfterIt() throws Exception {
        softDeleteUndeletePurge(server(null));
    }

    @Test
    void softDeleteUndeleteAndPurgeOnAzureBlobStorage() throws Exception {
        AgentEngine agent = server(azuriteLocation());
        softDeleteUndeletePurge(agent);
        // the deleted area is another container: the agent's SAS (scoped to its own container) cannot reach it
        retention.run(serverId, Set.of(agent.snapshotIds().getFirst()), "test policy");
        assertThat(deletedArea()).isNotEmpty();
        String grant = issuer.issue(vault.locationId(), vault.id(), serverId).repository();
        String container = StorageAccessIssuer.containerOf(serverId);
        BlobStore deletedWithAgentSas = StoreLocation.parse(grant.replace("/" + container + "?",
                "/" + container + "-deleted?")).open(0);
        assertThatThrownBy(() -> deletedWithAgentSas.list("")).isInstanceOf(IOException.class);
    }

    private void softDeleteUndeletePurge(AgentEngine agent) throws Exception {
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(600_000, 5));
        BackupResult first = agent.backup();
        Map<String, byte[]> firstState = agent.sourceState();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(600_000, 6));
        BackupResult second = agent.backup();
        Map<String, byte[]> secondState = agent.sourceState();
        String firstPack = first.catalog().packIds().getFirst();

        retention.run(serverId, Set.of(first.snapshotId()), "test policy");
        assertThat(agent.snapshotIds()).containsExactly(second.snapshotId());
        assertThat(agent.storedPacks()).doesNotContain(firstPack);

        String reader = userOnVault(Role.READER);
        assertThatThrownBy(() -> runAs(security, reader, Role.READER, () -> retention.undelete(serverId, first.snapshotId())))
                .isInstanceOf(AccessDeniedException.class);
        CLOCK.advance(Duration.ofDays(13));
        String contributor = userOnVault(Role.CONTRIBUTOR);
        RecoveryPoint back = runAs(security, contributor, Role.READER,
                () -> retention.undelete(serverId, first.snapshotId()));
        assertThat(back.state()).isEqualTo(RecoveryPoint.State.ACTIVE);
        assertThat(back.undeletedAt()).isNotNull();
        assertThat(agent.snapshotIds()).containsExactlyInAnyOrder(first.snapshotId(), second.snapshotId());
        assertThat(agent.storedPacks()).contains(firstPack);
        assertThat(deletedArea()).isEmpty();
        agent.assertRestores(first.snapshotId(), firstState);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'recovery-point.undelete' and outcome = 'SUCCESS'
                and target = :t""").param("t", "server:" + serverId).query(Long.class).single()).isEqualTo(1);

        // expired again, then the period passes: undelete is refused and the pass purges it for good
        retention.run(serverId, Set.of(first.snapshotId()), "test policy");
        CLOCK.advance(Duration.ofDays(14).plusMinutes(1));
        assertThatThrownBy(() -> runAs(security, Role.OWNER, () -> retention.undelete(serverId, first.snapshotId())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("soft-delete period")
                .hasMessageContaining("cannot be brought back");
        retention.pass();
        assertThat(deletedArea()).isEmpty();
        assertThat(agent.storedPacks()).doesNotContain(firstPack);
        assertThat(points()).extracting(RecoveryPoint::recoveryPointId).containsExactly(second.snapshotId());
        BackupJob purge = jobsOfServer().getFirst();
        assertThat(purge.operation()).isEqualTo(RetentionCleanup.PURGE_OPERATION);
        assertThat(purge.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(purge.detail()).contains("Purged 1 recovery point(s) and 1 pack(s)")
                .contains(first.snapshotId().substring(0, 12));
        agent.assertRestores(second.snapshotId(), secondState);
    }

    @Test
    void withSoftDeleteDisabledExpiredDataIsDeletedAtOnce() throws Exception {
        AgentEngine agent = server(null);
        UUID vault = jdbc.sql("select vault_id from registered_server where id = :s").param("s", serverId)
                .query(UUID.class).single();
        jdbc.sql("update vault set soft_delete_enabled = false where id = :v").param("v", vault).update();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(300_000, 7));
        BackupResult first = agent.backup();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(300_000, 8));
        BackupResult second = agent.backup();

        RetentionCleanup.Result result = retention.run(serverId, Set.of(first.snapshotId()), "test policy");

        assertThat(result.detail()).contains("Soft delete is off: deleted at once");
        assertThat(deletedArea()).isEmpty();
        assertThat(agent.storedPacks()).containsExactlyElementsOf(second.catalog().packIds());
        assertThat(points()).extracting(RecoveryPoint::recoveryPointId).containsExactly(second.snapshotId());
    }

    @Test
    void noCleanUpWhileTheServerHasAJobAndNoBackUpNowWhileACleanUpRuns() throws Exception {
        AgentEngine agent = server(null);
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(300_000, 9));
        BackupResult first = agent.backup();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(300_000, 10));
        agent.backup();
        UUID vault = jdbc.sql("select vault_id from registered_server where id = :s").param("s", serverId)
                .query(UUID.class).single();
        // a backup job is running on the server (as Back Up Now leaves it while the agent works)
        UUID running = UUID.randomUUID();
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, item, trigger_kind)
                values (:id, :v, 'BACKUP', 'IN_PROGRESS', current_timestamp, :s, 'FILES_AND_FOLDERS', 'ON_DEMAND')""")
                .param("id", running).param("v", vault).param("s", serverId).update();

        RetentionCleanup.Result postponed = retention.run(serverId, Set.of(first.snapshotId()), "test policy");

        assertThat(postponed.outcome()).isEqualTo(RetentionCleanup.Outcome.POSTPONED);
        assertThat(point(first.snapshotId()).state()).isEqualTo(RecoveryPoint.State.ACTIVE);
        assertThat(agent.snapshotIds()).contains(first.snapshotId());
        assertThat(agent.storedPacks()).containsAll(first.catalog().packIds());
        assertThat(deletedArea()).isEmpty();

        jdbc.sql("update backup_job set status = 'COMPLETED' where id = :id").param("id", running).update();
        assertThat(retention.run(serverId, Set.of(first.snapshotId()), "test policy").outcome())
                .isEqualTo(RetentionCleanup.Outcome.COMPLETED);

        // and the other way round: Back Up Now is refused while a clean-up of the server runs
        UUID cleanup = jobs.startMaintenance(vault, serverId, io.vaultfleet.console.jobs.JobOperation.RETENTION_CLEANUP, "SCHEDULED", "system")
                .orElseThrow();
        BackupJob refused = runAs(security, Role.OPERATOR, () -> jobs.backUpNow(serverId, "SYSTEM_CONFIGURATION", List.of()));
        assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
        assertThat(refused.detail()).contains("retention clean-up").contains("is running");
        jobs.finishMaintenance(cleanup, serverId, JobStatus.COMPLETED, "test", 0, 0);
    }

    @Test
    void aCleanUpDuringAnAgentsOwnBackupNeverLeavesAnUnrestorablePoint() throws Exception {
        AtomicReference<Runnable> onNextPackUpload = new AtomicReference<>();
        AgentEngine agent = server(null, store -> new ForwardingStore(store) {
            // packs are uploaded from the file they were built in (decision 034)
            @Override
            public void putFile(String name, Path file) throws IOException {
                Runnable hook = name.startsWith("packs/") ? onNextPackUpload.getAndSet(null) : null;
                if (hook != null) {
                    hook.run();
                }
                super.putFile(name, file);
            }
        });
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(500_000, 11));
        BackupResult first = agent.backup();
        Files.write(agent.source.resolve("b.bin"), AgentEngine.random(200_000, 12));
        BackupResult second = agent.backup();

        // the agent's scheduled backup (no console job) reuses a.bin from the first point's pack; while it uploads,
        // the console expires points 1 and 2, whose packs no kept point uses
        Files.write(agent.source.resolve("c.bin"), AgentEngine.random(200_000, 13));
        onNextPackUpload.set(() -> assertThat(retention.run(serverId, Set.of(first.snapshotId(), second.snapshotId()),
                "test policy").outcome()).isEqualTo(RetentionCleanup.Outcome.COMPLETED));
        assertThatThrownBy(agent::backupOnly).isInstanceOf(PacksRemovedException.class)
                .hasMessageContaining(first.catalog().packIds().getFirst().substring(0, 12));

        BackupResult again = agent.backup();
        agent.assertRestores(again.snapshotId(), agent.sourceState());
    }

    @Test
    void aPointReportedAfterTheCleanUpGetsTheSoftDeletedPacksItUsesBack() throws Exception {
        AgentEngine agent = server(null);
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(500_000, 14));
        BackupResult first = agent.backup();
        Files.write(agent.source.resolve("b.bin"), AgentEngine.random(200_000, 15));
        // written before the clean-up, but its report reaches the console after it (agent offline meanwhile)
        BackupResult late = agent.backupOnly();
        String firstPack = first.catalog().packIds().getFirst();
        assertThat(late.catalog().packIds()).contains(firstPack);

        retention.run(serverId, Set.of(first.snapshotId()), "test policy");
        assertThat(agent.storedPacks()).doesNotContain(firstPack);

        agent.report(late);
        assertThat(agent.storedPacks()).contains(firstPack);
        assertThat(deletedArea()).containsExactly("deleted/snapshots/" + first.snapshotId());
        agent.assertRestores(late.snapshotId(), agent.sourceState());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'retention.restore' and target = :t")
                .param("t", "server:" + serverId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aCleanUpStoppedByAStorageFaultLosesNothingAndTheNextPassFinishesIt() throws Exception {
        AgentEngine agent = server(null);
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(300_000, 19));
        BackupResult first = agent.backup();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(300_000, 20));
        BackupResult second = agent.backup();
        Map<String, byte[]> secondState = agent.sourceState();
        // a file where the server's deleted-area folder must go: every move fails (a real fault, not a mock)
        Path serverFolder = Path.of(issuer.issue(vault.locationId(), vault.id(), serverId).repository()
                .substring("folder:".length()));
        Path blocker = serverFolder.resolveSibling(serverFolder.getFileName() + "-deleted");
        Files.writeString(blocker, "in the way");

        RetentionCleanup.Result failed = retention.run(serverId, Set.of(first.snapshotId()), "test policy");

        assertThat(failed.outcome()).isEqualTo(RetentionCleanup.Outcome.FAILED);
        BackupJob job = runAs(security, Role.READER, () -> jobs.find(failed.jobId())).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.detail()).startsWith("Clean-up stopped: ").contains("Nothing is lost");
        // nothing was lost: the blobs are where they were, the point is soft-deleted and can still come back
        assertThat(agent.snapshotIds()).contains(first.snapshotId());
        assertThat(agent.storedPacks()).containsAll(first.catalog().packIds());
        assertThat(point(first.snapshotId()).state()).isEqualTo(RecoveryPoint.State.SOFT_DELETED);

        Files.delete(blocker);
        retention.pass();
        assertThat(agent.snapshotIds()).containsExactly(second.snapshotId());
        assertThat(deletedArea()).containsExactlyInAnyOrder("deleted/" + packBlob(first.catalog().packIds().getFirst()),
                "deleted/snapshots/" + first.snapshotId());
        BackupJob resumed = jobsOfServer().getFirst();
        assertThat(resumed.operation()).isEqualTo(RetentionCleanup.PURGE_OPERATION);
        assertThat(resumed.detail()).startsWith("Finished 2 move(s) to the deleted area an interrupted clean-up left.");
        agent.assertRestores(second.snapshotId(), secondState);
    }

    @Test
    void badRequestsAreRefusedClearly() throws Exception {
        AgentEngine agent = server(null);
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(1000, 16));
        BackupResult first = agent.backup();
        assertThatThrownBy(() -> retention.run(serverId, Set.of(), "x"))
                .hasMessageContaining("name at least one recovery point");
        assertThatThrownBy(() -> retention.run(serverId, Set.of(first.snapshotId(), "f00d"), "x"))
                .hasMessageContaining("not kept recovery points of server").hasMessageContaining("f00d")
                .hasMessageNotContaining(first.snapshotId());
        assertThat(point(first.snapshotId()).state()).isEqualTo(RecoveryPoint.State.ACTIVE);
        assertThatThrownBy(() -> runAs(security, Role.OWNER, () -> retention.undelete(serverId, first.snapshotId())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not deleted");
    }

    @Test
    void theScheduledPassExpiresOnDemandPointsPastTheirRetainTillDate() throws Exception {
        AgentEngine agent = server(null);
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(1000, 17));
        BackupResult first = agent.backup();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(1000, 18));
        BackupResult second = agent.backup();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(1000, 23));
        BackupResult third = agent.backup();
        java.time.LocalDate today = java.time.LocalDate.ofInstant(CLOCK.instant(), java.time.ZoneOffset.UTC);
        // the third point came from Back Up Now with "Retain backup till" in 20 days, as the finished job records it
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, item, trigger_kind,
                    recovery_point_id, retain_until)
                values (:id, :v, 'BACKUP', 'COMPLETED', current_timestamp, :s, 'FILES_AND_FOLDERS', 'ON_DEMAND', :rp, :till)""")
                .param("id", UUID.randomUUID()).param("v", vault.id()).param("s", serverId)
                .param("rp", third.snapshotId()).param("till", today.plusDays(20)).update();
        retention.retainUntil(serverId, first.snapshotId(), CLOCK.instant().plus(Duration.ofDays(10)));
        retention.retainUntil(serverId, second.snapshotId(), CLOCK.instant().plus(Duration.ofDays(90)));

        retention.pass();
        assertThat(points()).allMatch(p -> p.state() == RecoveryPoint.State.ACTIVE);

        CLOCK.advance(Duration.ofDays(11));
        retention.pass();
        assertThat(point(first.snapshotId()).state()).isEqualTo(RecoveryPoint.State.SOFT_DELETED);
        assertThat(point(third.snapshotId()).state()).isEqualTo(RecoveryPoint.State.ACTIVE);
        assertThat(jobsOfServer().getFirst().detail()).contains("on-demand retention");

        CLOCK.advance(Duration.ofDays(10));
        retention.pass();
        assertThat(point(third.snapshotId()).state()).isEqualTo(RecoveryPoint.State.SOFT_DELETED);
        assertThat(point(second.snapshotId()).state()).isEqualTo(RecoveryPoint.State.ACTIVE);
        assertThat(agent.snapshotIds()).containsExactly(second.snapshotId());
    }
}
