package io.vaultfleet.console.recover;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.fleet.AgentEventHandler;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.protocol.DownloadFailed;

/**
 * Downloads from a recovery point in flight: the browser's {@code GET /recover/downloads/<id>} meets the target
 * agent's {@code PUT /agent/transfers/<id>}, whichever comes first waits for the other (up to {@code rendezvous}),
 * and the agent's body is copied to the browser through one small buffer: nothing is stored on the console.
 */
@Component
class RecoveryTransfers {
    /** Bytes held at once per download. */
    static final int BUFFER = 64 * 1024;

    /** What the agent sends: its body and how to name it. */
    record Upload(InputStream body, String contentType, String fileName) {
    }

    /** How a transfer ended, for the agent's PUT. */
    enum Outcome { DELIVERED, BROWSER_GONE, AGENT_FAILED }

    static final class Transfer {
        final UUID id;
        final UUID serverId;
        final UUID vaultId;
        final String actor;
        final Instant created;
        final CompletableFuture<Upload> upload = new CompletableFuture<>();
        final CompletableFuture<Void> browserArrived = new CompletableFuture<>();
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        final AtomicBoolean browserClaimed = new AtomicBoolean();
        final AtomicBoolean agentClaimed = new AtomicBoolean();

        Transfer(UUID id, UUID serverId, UUID vaultId, String actor, Instant created) {
            this.id = id;
            this.serverId = serverId;
            this.vaultId = vaultId;
            this.actor = actor;
            this.created = created;
        }
    }

    private final Map<UUID, Transfer> transfers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration rendezvous;

    RecoveryTransfers(Clock clock, @Value("${vaultfleet.recover.download-wait:60s}") Duration rendezvous) {
        this.clock = clock;
        this.rendezvous = rendezvous;
    }

    void expect(UUID id, UUID serverId, UUID vaultId, String actor) {
        transfers.put(id, new Transfer(id, serverId, vaultId, actor, clock.instant()));
    }

    Transfer find(UUID id) {
        return transfers.get(id);
    }

    /**
     * The agent could not stream it: the browser gets the reason, whether it waits already or comes later (the
     * transfer is kept until the browser came or the sweep forgets it).
     */
    void failed(UUID id, String detail) {
        Transfer t = transfers.get(id);
        if (t != null) {
            t.upload.completeExceptionally(new RecoveryException(detail));
            t.done.complete(Outcome.AGENT_FAILED);
        }
    }

    /** The browser's side: waits for the agent's upload; empty when it did not come in time (the reason thrown). */
    Upload awaitUpload(Transfer t) {
        t.browserArrived.complete(null);
        try {
            return t.upload.get(rendezvous.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            transfers.remove(t.id, t);
            t.done.complete(Outcome.BROWSER_GONE);
            throw new RecoveryException("The server did not start sending the file within " + rendezvous.toSeconds()
                    + " s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryException("Interrupted while waiting for the server.");
        } catch (ExecutionException e) {
            transfers.remove(t.id, t);
            throw new RecoveryException(e.getCause().getMessage());
        }
    }

    /**
     * The browser's side, once the upload is there: copies it to {@code browser}. Ends the transfer either way and
     * tells the agent's PUT how it went.
     */
    void pipe(Transfer t, Upload upload, OutputStream browser) throws IOException {
        byte[] buffer = new byte[BUFFER];
        Outcome outcome = Outcome.AGENT_FAILED;
        try {
            while (true) {
                int n;
                try {
                    n = upload.body().read(buffer);
                } catch (IOException e) {
                    throw new IOException("the server stopped sending: " + e.getMessage(), e);
                }
                if (n < 0) {
                    break;
                }
                try {
                    browser.write(buffer, 0, n);
                } catch (IOException e) {
                    outcome = Outcome.BROWSER_GONE;
                    throw e;
                }
            }
            try {
                browser.flush();
            } catch (IOException e) {
                outcome = Outcome.BROWSER_GONE;
                throw e;
            }
            outcome = Outcome.DELIVERED;
        } finally {
            transfers.remove(t.id, t);
            t.done.complete(outcome);
        }
    }

    /**
     * The agent's side: hands its body over and waits until the browser has it all (or went away). Empty result
     * (null) when no browser came within the rendezvous time.
     */
    Outcome deliver(Transfer t, Upload upload) {
        t.upload.complete(upload);
        try {
            t.browserArrived.get(rendezvous.toMillis(), TimeUnit.MILLISECONDS);
            return t.done.get();
        } catch (TimeoutException e) {
            transfers.remove(t.id, t);
            return Outcome.BROWSER_GONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.BROWSER_GONE;
        } catch (ExecutionException e) {
            return Outcome.AGENT_FAILED;
        }
    }

    /** Transfers nobody came for: forgotten after twice the rendezvous time. */
    @Scheduled(fixedDelayString = "${vaultfleet.recover.sweep-interval:60s}")
    void forgetStale() {
        Instant before = clock.instant().minus(rendezvous.multipliedBy(2));
        transfers.values().removeIf(t -> t.created.isBefore(before) && !t.browserClaimed.get()
                && (!t.agentClaimed.get() || t.upload.isCompletedExceptionally()));
    }

    @Component
    static class FailedHandler implements AgentEventHandler<DownloadFailed> {
        private final RecoveryTransfers transfers;

        FailedHandler(RecoveryTransfers transfers) {
            this.transfers = transfers;
        }

        @Override
        public Class<DownloadFailed> eventType() {
            return DownloadFailed.class;
        }

        @Override
        public void handle(ReportingServer server, DownloadFailed event) {
            try {
                UUID id = UUID.fromString(event.transferId());
                Transfer t = transfers.find(id);
                if (t != null && t.serverId.equals(server.id())) {
                    transfers.failed(id, server.name() + " could not send it: " + event.detail());
                }
            } catch (IllegalArgumentException e) {
                // not a transfer id this console made: nothing waits for it
            }
        }
    }
}
