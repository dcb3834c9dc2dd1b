package io.vaultfleet.agent.recovery;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.restore.PointBrowser;
import io.vaultfleet.protocol.AgentMessage;
import io.vaultfleet.protocol.BrowseFolder;
import io.vaultfleet.protocol.DownloadFailed;
import io.vaultfleet.protocol.DownloadStart;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.RecoveryClose;
import io.vaultfleet.protocol.RecoveryKeyRequest;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RestoreStart;

/**
 * The Recover Data messages of the console, each answered off the channel's thread (opening a repository derives
 * a key, a page decodes a point, a restore and a download take long): key requests, opening and browsing on a small
 * pool, restores as jobs ({@link RestoreJobs}), downloads each on a thread of its own ({@link Downloads}).
 */
public final class Recoveries implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recoveries.class);

    private final RecoverySessions sessions;
    private final RestoreJobs restores;
    private final Downloads downloads;
    private final Consumer<AgentMessage> send;
    private final ExecutorService quick = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "recovery");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService transfers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recovery-download");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recovery-expiry");
        t.setDaemon(true);
        return t;
    });

    /** @param send where answers go (the channel; a lost answer is asked again by the console) */
    public Recoveries(RecoverySessions sessions, RestoreJobs restores, Downloads downloads,
                      Consumer<AgentMessage> send) {
        this.sessions = sessions;
        this.restores = restores;
        this.downloads = downloads;
        this.send = send;
        expiry.scheduleWithFixedDelay(sessions::expireIdle, 1, 1, TimeUnit.MINUTES);
    }

    public void keyRequested(RecoveryKeyRequest request) {
        quick.execute(() -> {
            try {
                send.accept(sessions.key(request.sessionId()));
            } catch (RuntimeException e) {
                log.warn("recovery session {}: no key made: {}", request.sessionId(), e.getMessage());
            }
        });
    }

    public void open(RecoveryOpen request) {
        quick.execute(() -> send.accept(sessions.open(request)));
    }

    public void browse(BrowseFolder request) {
        quick.execute(() -> send.accept(page(request)));
    }

    private FolderPage page(BrowseFolder request) {
        var session = sessions.opened(request.sessionId());
        if (session.isEmpty()) {
            return new FolderPage(request.requestId(), request.sessionId(), List.of(), null, notOpen());
        }
        try {
            PointBrowser.Page page = new PointBrowser(session.get().repository()).page(request.recoveryPointId(),
                    request.folder(), request.cursor(), request.limit(), request.nameContains());
            return new FolderPage(request.requestId(), request.sessionId(), page.entries(), page.nextCursor(), null);
        } catch (IOException | RuntimeException e) {
            String why = Secrets.redact(e.getMessage() == null ? e.toString() : e.getMessage());
            log.warn("recovery session {}: folder page not listed: {}", request.sessionId(), why);
            return new FolderPage(request.requestId(), request.sessionId(), List.of(), null, why);
        }
    }

    public void restore(RestoreStart request) {
        restores.start(request);
    }

    public void download(DownloadStart request) {
        var session = sessions.opened(request.sessionId());
        if (session.isEmpty()) {
            send.accept(new DownloadFailed(request.transferId(), notOpen()));
            return;
        }
        if (downloads == null) {
            send.accept(new DownloadFailed(request.transferId(), "this agent is not registered: it has no console "
                    + "address to send the download to"));
            return;
        }
        RecoverySession open = session.get();
        open.jobStarted(); // a long download keeps the session from expiring under it
        transfers.execute(() -> {
            try {
                downloads.send(request, open.repository());
            } finally {
                sessions.workEnded(open);
            }
        });
    }

    public void close(RecoveryClose request) {
        sessions.close(request.sessionId());
    }

    /** Cancels a restore job; false when none with that id runs here (it may be a backup). */
    public boolean cancel(String jobId, String by) {
        return restores.cancel(jobId, by);
    }

    private static String notOpen() {
        return "the recovery session is not open on this agent (it expired after "
                + RecoverySessions.IDLE.toMinutes() + " minutes unused, was closed, or the agent restarted): "
                + "start the recovery again";
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        quick.shutdownNow();
        transfers.shutdownNow();
        restores.close();
        sessions.close();
    }
}
