package io.vaultfleet.console.jobs;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.identity.AgentKeys;

/** Back Up Now as the console sees it when no agent is there to run it, and who may ask. */
@ConsoleTest
class JobServiceTest {
    @Autowired
    JobService jobs;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    SecurityContextHolderStrategy security;

    private UUID offlineServer() {
        return offlineServer("0.1.0");
    }

    private UUID offlineServer(String agentVersion) {
        var vault = vaults.create("jobs");
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), "job-" + UUID.randomUUID().toString().substring(0, 8),
                "Linux", "6.1", agentVersion, AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        return enrolled.server().id();
    }

    @Test
    void anAgentBelowTheMinimumVersionIsRefusedWithUpgradeRequired() {
        UUID server = offlineServer("0.0.0-old");
        BackupJob job = runAs(security, Role.OPERATOR, () -> jobs.backUpNow(server, "SYSTEM_CONFIGURATION", List.of()));
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.detail()).startsWith("upgrade required: agent 0.0.0-old is older than the minimum");
    }

    @Test
    void anOfflineServersJobFailsSayingWhy() {
        UUID server = offlineServer();
        BackupJob job = runAs(security, Role.OPERATOR, () -> jobs.backUpNow(server, "FILES_AND_FOLDERS", List.of("/srv/data")));
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.detail()).contains("is offline");
        assertThat(runAs(security, Role.READER, () -> jobs.list(server, 0, 10))).extracting(BackupJob::id).containsExactly(job.id());
        var listed = runAs(security, Role.READER, () -> fleet.find(server)).orElseThrow();
        assertThat(listed.lastBackupStatus()).isEqualTo("FAILED");
        assertThat(listed.lastBackupLabel(java.time.format.DateTimeFormatter.ISO_INSTANT.withZone(java.time.ZoneOffset.UTC)))
                .startsWith("Failed · ");
    }

    /** The servers whose clean-up runs are found in one query for the whole request (decision 035): each its reason. */
    @Test
    void aBackUpNowForSeveralServersRefusesOnlyThoseWhoseCleanUpRuns() {
        var vault = vaults.create("jobs-maintenance");
        List<UUID> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(((FleetService.Enrolled) fleet.enroll(vault.id(), "maint-" + i + "-"
                    + UUID.randomUUID().toString().substring(0, 8), "Linux", "6.1", "0.1.0",
                    AgentKeys.encodePublic(AgentKeys.generate().getPublic()))).server().id());
        }
        UUID cleanup = jobs.startMaintenance(vault.id(), servers.get(1), JobOperation.RETENTION_CLEANUP, "SCHEDULED",
                "system").orElseThrow();
        try {
            List<BackupJob> started = runAs(security, Role.OPERATOR,
                    () -> jobs.backUpNow(servers, "SYSTEM_CONFIGURATION", List.of(), null));
            assertThat(started).extracting(BackupJob::serverId).containsExactlyElementsOf(servers);
            assertThat(started).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.FAILED));
            assertThat(started.get(1).detail()).contains("retention clean-up").contains("is running");
            assertThat(started.get(0).detail()).contains("is offline");
            assertThat(started.get(2).detail()).contains("is offline");
        } finally {
            jobs.finishMaintenance(cleanup, servers.get(1), JobStatus.COMPLETED, "test", 0, 0);
        }
    }

    @Test
    void filesAndFoldersNeedAPath() {
        UUID server = offlineServer();
        assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () -> jobs.backUpNow(server, "FILES_AND_FOLDERS", List.of())))
                .hasMessageContaining("needs at least one path");
        assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () -> jobs.backUpNow(server, "EVERYTHING", List.of())))
                .hasMessageContaining("item must be one of");
    }

    @Test
    void readersCannotStartBackups() {
        UUID server = offlineServer();
        assertThatThrownBy(() -> runAs(security, Role.READER, () -> jobs.backUpNow(server, "SYSTEM_CONFIGURATION", List.of())))
                .isInstanceOf(AccessDeniedException.class);
    }
}
