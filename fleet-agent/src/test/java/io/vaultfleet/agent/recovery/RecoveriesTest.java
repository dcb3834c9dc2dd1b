package io.vaultfleet.agent.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.agent.platform.ProcessCommandRunner;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.protocol.AgentMessage;
import io.vaultfleet.protocol.BrowseFolder;
import io.vaultfleet.protocol.DownloadFailed;
import io.vaultfleet.protocol.DownloadStart;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.RecoveryClose;
import io.vaultfleet.protocol.RecoveryKeyRequest;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpened;

/** The routing of Recover Data messages: answers off the caller's thread, and every refusal in words. */
class RecoveriesTest {
    @TempDir
    Path work;

    private final List<AgentMessage> sent = new CopyOnWriteArrayList<>();
    private Recoveries recoveries;

    @AfterEach
    void close() {
        if (recoveries != null) {
            recoveries.close();
        }
    }

    private Recoveries recoveries(boolean registered) throws Exception {
        Path source = Files.createDirectories(work.resolve("src"));
        Files.writeString(source.resolve("a.txt"), "a");
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        RecoverySessions sessions = new RecoverySessions(data -> {
            if (!registered) {
                throw new IllegalStateException("this agent is not registered");
            }
            return new byte[64];
        }, () -> Repository.open(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE),
                location -> new FolderStore(work.resolve("repo")), new TestClock());
        RestoreJobs jobs = new RestoreJobs(sessions, new Outbox(work.resolve("outbox")), p -> { },
                new SystemStateJobStep(new ProcessCommandRunner(), false));
        recoveries = new Recoveries(sessions, jobs, null, sent::add);
        return recoveries;
    }

    private <T> T first(Class<T> type) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> sent.stream()
                .filter(type::isInstance).map(type::cast).findFirst().orElse(null), m -> m != null);
    }

    @Test
    void aPageOfAClosedOrUnknownSessionIsAnErrorInWords() throws Exception {
        Recoveries r = recoveries(true);
        r.open(new RecoveryOpen("s-1", "srv-01", null, null, null));
        first(RecoveryOpened.class);
        r.close(new RecoveryClose("s-1"));
        r.browse(new BrowseFolder("r-1", "s-1", "latest", "", null, 10, null));
        FolderPage page = first(FolderPage.class);
        assertThat(page.entries()).isEmpty();
        assertThat(page.error()).startsWith("the recovery session is not open on this agent");
    }

    @Test
    void anUnregisteredAgentMakesNoKeyAndSendsNoDownloadButSaysWhy() throws Exception {
        Recoveries r = recoveries(false);
        r.keyRequested(new RecoveryKeyRequest("s-k"));
        r.open(new RecoveryOpen("s-own", "srv-01", null, null, null));
        first(RecoveryOpened.class);
        r.download(new DownloadStart("t-1", "s-own", "latest", work.resolve("src/a.txt").toString()));
        assertThat(first(DownloadFailed.class).detail()).contains("not registered");
        r.download(new DownloadStart("t-2", "s-nope", "latest", "/x"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.stream().filter(DownloadFailed.class::isInstance)
                .count() == 2);
        assertThat(sent).noneMatch(m -> m instanceof io.vaultfleet.protocol.RecoveryKey);
    }
}
