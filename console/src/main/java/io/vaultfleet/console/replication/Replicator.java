package io.vaultfleet.console.replication;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vaultfleet.console.fleet.FleetRoster;
import io.vaultfleet.console.jobs.BackupJobEnded;
import io.vaultfleet.console.storage.ReplicaStores;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.vault.StorageRedundancy;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultLookup;
import jakarta.annotation.PreDestroy;

/**
 * Copies every geo-redundant vault's blobs to its location's paired location (docs/decisions/025-geo-replication.md).
 * A pass lists each server's blobs on the primary (live and soft-deleted), copies what the secondary lacks a few blobs
 * at a time (so at most a few small buffers are in the heap; the secondary is listed too, so a copy lost there is
 * made again), records each copy in the database as it lands, and removes a
 * secondary copy only once the vault's soft-delete period has passed since the primary dropped it. Nothing is kept in
 * memory between passes: a console restart or a store outage simply resumes at the next pass, and a blob recorded
 * (or found on the secondary with the same size and content hash) is never copied again. One pass at a time per
 * node, and one node at a time per vault (a lease in the database, {@link VaultLeases}).
 */
@Service
public class Replicator {
    private static final Logger log = LoggerFactory.getLogger(Replicator.class);

    /** What one vault's pass did; {@code notRun} says why nothing was done here (another node holds the vault). */
    public record Pass(UUID vaultId, ReplicationStatus.Phase phase, int copied, long copiedBytes, int alreadyThere,
                       int removed, long pendingBlobs, long pendingBytes, String error, String notRun) {
        Pass(UUID vaultId, ReplicationStatus.Phase phase, int copied, long copiedBytes, int alreadyThere, int removed,
             long pendingBlobs, long pendingBytes, String error) {
            this(vaultId, phase, copied, copiedBytes, alreadyThere, removed, pendingBlobs, pendingBytes, error, null);
        }
    }

    private final ReplicationRepository repo;
    private final ReplicaStores stores;
    private final VaultLookup vaults;
    private final FleetRoster fleet;
    private final ReplicationProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Throttle throttle;
    private final VaultLeases leases;
    private final ReentrantLock oneAtATime = new ReentrantLock();
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(Thread.ofPlatform()
            .name("replication-nudge").daemon().factory());
    private final Counter copiedBlobs;
    private final Counter copiedBytes;
    private final Counter removedBlobs;
    private volatile boolean stopping;
    private volatile boolean dying;
    private volatile VaultLeases.Lease current;

    Replicator(ReplicationRepository repo, ReplicaStores stores, VaultLookup vaults, FleetRoster fleet,
               ReplicationProperties properties, ApplicationEventPublisher events, Clock clock, MeterRegistry meters,
               VaultLeases leases) {
        this.leases = leases;
        this.repo = repo;
        this.fleet = fleet;
        this.stores = stores;
        this.vaults = vaults;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
        this.throttle = new Throttle(properties.bytesPerSecond());
        this.copiedBlobs = Counter.builder("vaultfleet.replication.copied.blobs")
                .description("Blobs copied to secondary locations since the console started").register(meters);
        this.copiedBytes = Counter.builder("vaultfleet.replication.copied.bytes")
                .description("Bytes copied to secondary locations since the console started").register(meters);
        this.removedBlobs = Counter.builder("vaultfleet.replication.removed.blobs")
                .description("Secondary copies removed after the soft-delete period").register(meters);
    }

    /** The scheduled scan of every geo-redundant vault. */
    @Scheduled(fixedDelayString = "${vaultfleet.replication.interval:5m}",
            initialDelayString = "${vaultfleet.replication.initial-delay:1m}")
    public void pass() {
        for (UUID vaultId : vaults.geoRedundant()) {
            if (stopping) {
                return;
            }
            replicate(vaultId);
        }
    }

    /** A backup finished: its vault's new blobs are copied now rather than at the next scan. */
    @EventListener
    void backupEnded(BackupJobEnded ended) {
        if (ended.vaultId() != null && !stopping) {
            nudges.submit(() -> {
                try {
                    replicate(ended.vaultId());
                } catch (RuntimeException e) {
                    log.warn("replication of vault {} after a backup failed: {}", ended.vaultId(), e.toString());
                }
            });
        }
    }

    /** Stops between two blobs (console shutting down); what was copied is recorded, the rest waits for a restart. */
    @PreDestroy
    public void stop() {
        stopping = true;
        nudges.shutdownNow();
    }

    /** Lets passes run again after {@link #stop()} (a restarted console starts this way). */
    public void start() {
        stopping = false;
        dying = false;
    }

    /**
     * Brings one vault's secondary up to date (or as far as it gets before a stop, a store error or the loss of the
     * vault's lease). One pass at a time on this node; across nodes, the vault's lease ({@link VaultLeases}) lets one
     * node replicate it: on the others this returns at once with {@link Pass#notRun()} saying so.
     */
    public Pass replicate(UUID vaultId) {
        oneAtATime.lock();
        try {
            Optional<VaultLeases.Lease> lease = leases.acquire(vaultId);
            if (lease.isEmpty()) {
                log.debug("vault {}: replicated by another console node now; not here", vaultId);
                return new Pass(vaultId, ReplicationStatus.Phase.WAITING, 0, 0, 0, 0, 0, 0, null,
                        "another console node is replicating this vault");
            }
            current = lease.get();
            try {
                return replicateLocked(vaultId);
            } finally {
                current = null;
                if (dying) {
                    lease.get().abandon();
                } else {
                    lease.get().close();
                }
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    /**
     * What a node that dies mid-pass leaves: the pass stops between two blobs and the lease is neither renewed nor
     * released, so it runs out by itself ({@code vaultfleet.replication.lease}). Tests only: a console process killed
     * in the test's JVM would take the test with it.
     */
    void dieForTest() {
        dying = true;
        stopping = true;
    }

    private Pass replicateLocked(UUID vaultId) {
        Optional<Vault> found = vaults.find(vaultId);
        if (found.isEmpty() || found.get().redundancy() != StorageRedundancy.GEO_REDUNDANT) {
            return new Pass(vaultId, ReplicationStatus.Phase.NOT_REPLICATED, 0, 0, 0, 0, 0, 0, null);
        }
        Vault vault = found.get();
        Optional<UUID> pair = stores.pairOf(vault.locationId());
        if (pair.isEmpty()) {
            return new Pass(vaultId, ReplicationStatus.Phase.NO_PAIRED_LOCATION, 0, 0, 0, 0, 0, 0, null);
        }
        UUID target = pair.get();
        repo.ensureState(vaultId);
        ReplicationRepository.State state = repo.state(vaultId).orElseThrow();
        if (!target.equals(state.targetId())) {
            log.info("vault {}: secondary is now location {} (was {}), seeding it", vaultId, target, state.targetId());
            repo.retarget(vaultId, target);
            state = repo.state(vaultId).orElseThrow();
        }
        Instant now = clock.instant();
        Tally tally = new Tally();
        List<Work> work = new ArrayList<>();
        String error = null;
        try {
            for (UUID serverId : fleet.serversEverIn(vaultId)) {
                work.add(plan(vault, serverId, target, now, tally));
            }
            long pendingBlobs = work.stream().mapToLong(w -> w.pending().size()).sum();
            long pendingBytes = work.stream().mapToLong(Work::pendingBytes).sum();
            Instant laggingSince = pendingBlobs == 0 ? null
                    : state.laggingSince() != null ? state.laggingSince() : now;
            repo.progress(vaultId, pendingBlobs, pendingBytes, tally.total, laggingSince, null, state.seeding());
            copyAll(vaultId, work, target, tally, pendingBlobs, pendingBytes, laggingSince, state.seeding());
        } catch (InterruptedIOException e) {
            error = null;
            log.info("vault {}: replication stopped ({}); the next pass resumes", vaultId, e.getMessage());
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            log.warn("vault {}: replication to location {} stopped: {}; the next pass resumes", vaultId, target, error);
        }
        repo.scanned(vaultId, now, error);
        ReplicationRepository.State after = repo.state(vaultId).orElseThrow();
        lagAlert(vault, after);
        return new Pass(vaultId, after.pendingBlobs() == 0 && error == null ? ReplicationStatus.Phase.UP_TO_DATE
                : ReplicationStatus.Phase.LAGGING, tally.copied, tally.copiedBytes, tally.alreadyThere, tally.removed,
                after.pendingBlobs(), after.pendingBytes(), error);
    }

    /**
     * Copies every pending blob, {@code vaultfleet.replication.parallel-copies} at a time (each streams through its
     * own small buffer, so the heap holds a few buffers, never a whole pack), recording each as it lands. Throws the
     * first failure once every started copy has ended; {@link InterruptedIOException} when the console is stopping.
     */
    private void copyAll(UUID vaultId, List<Work> work, UUID target, Tally tally, long pendingBlobs, long pendingBytes,
                         Instant laggingSince, boolean seeding) throws IOException {
        long[] left = {pendingBlobs, pendingBytes};
        ExecutorService pool = Executors.newFixedThreadPool(properties.parallelCopies(),
                Thread.ofPlatform().name("replication-copy").daemon().factory());
        List<Future<?>> copies = new ArrayList<>();
        try {
            for (Work w : work) {
                for (Map.Entry<String, Long> blob : w.pending().entrySet()) {
                    copies.add(pool.submit(() -> {
                        if (stopping) {
                            throw new InterruptedIOException("the console is stopping");
                        }
                        VaultLeases.Lease lease = current;
                        if (lease != null && lease.lost()) {
                            throw new InterruptedIOException("another console node took the vault over");
                        }
                        copy(vaultId, w, target, blob.getKey(), blob.getValue(), tally);
                        synchronized (tally) {
                            left[0]--;
                            left[1] -= blob.getValue();
                            tally.total++;
                            repo.progress(vaultId, left[0], left[1], tally.total, left[0] == 0 ? null : laggingSince,
                                    clock.instant(), seeding && left[0] > 0);
                        }
                        return null;
                    }));
                }
            }
            Throwable first = null;
            for (Future<?> copy : copies) {
                try {
                    copy.get();
                } catch (ExecutionException e) {
                    // a real failure wins over a stop: it is what the vault's state should show
                    if (first == null || first instanceof InterruptedIOException) {
                        first = e.getCause();
                    }
                }
            }
            if (first instanceof IOException io) {
                throw io;
            }
            if (first instanceof RuntimeException rt) {
                throw rt;
            }
            if (first != null) {
                throw new IllegalStateException(first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("replication interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private static final class Tally {
        int copied;
        long copiedBytes;
        int alreadyThere;
        int removed;
        long total;
    }

    private record Work(UUID serverId, ReplicaStores.Area primary, ReplicaStores.Area secondary,
                        Map<String, Long> pending) {
        long pendingBytes() {
            return pending.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Compares a server's primary blobs with what the database says is on the secondary: returns what to copy, marks
     * what the primary dropped, and removes secondary copies whose soft-delete period is over.
     */
    private Work plan(Vault vault, UUID serverId, UUID target, Instant now, Tally tally) {
        ReplicaStores.Area primary = stores.open(vault.locationId(), vault.id(), serverId);
        ReplicaStores.Area secondary = stores.open(target, vault.id(), serverId);
        Map<String, Long> onPrimary = primary.list();
        Map<String, ReplicationRepository.Copied> copied = repo.copied(vault.id(), serverId);
        Duration keep = Duration.ofDays(vault.softDeleteDays());
        for (ReplicationRepository.Copied c : copied.values()) {
            Long size = onPrimary.get(c.name());
            if (size != null) {
                if (c.goneSince() != null && size == c.size()) {
                    repo.setGoneSince(vault.id(), serverId, c.name(), null);
                }
                continue;
            }
            if (c.goneSince() == null) {
                repo.setGoneSince(vault.id(), serverId, c.name(), now);
            } else if (!now.isBefore(c.goneSince().plus(keep))) {
                secondary.delete(c.name());
                repo.forget(vault.id(), serverId, c.name());
                removedBlobs.increment();
                tally.removed++;
            }
        }
        // the secondary is listed too: a copy lost there (restored from an old backup, removed by hand) is made again
        Map<String, Long> onSecondary = secondary.list();
        Map<String, Long> pending = new TreeMap<>();
        onPrimary.forEach((name, size) -> {
            ReplicationRepository.Copied c = copied.get(name);
            if (c == null || c.size() != size || !size.equals(onSecondary.get(name))) {
                pending.put(name, size);
            } else {
                tally.total++;
            }
        });
        return new Work(serverId, primary, secondary, pending);
    }

    private void copy(UUID vaultId, Work w, UUID target, String name, long size, Tally tally) throws IOException {
        String hash;
        if (w.secondary().size(name) == size && (hash = sameContent(w, name)) != null) {
            // copied before a stop, not yet recorded: record it, do not copy it again
            synchronized (tally) {
                tally.alreadyThere++;
            }
        } else {
            try {
                hash = w.secondary().copyFrom(w.primary(), name, size, throttle::wrap);
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof InterruptedIOException stopped) {
                    throw stopped;
                }
                throw e;
            }
            if (hash == null || !hash.startsWith("sha256:")) {
                throttle.acquire(size); // a server-side copy: count its bytes against the rate after the fact
            }
            copiedBlobs.increment();
            copiedBytes.increment(size);
            synchronized (tally) {
                tally.copied++;
                tally.copiedBytes += size;
            }
        }
        repo.recordCopy(vaultId, w.serverId(), target, name, size, hash, clock.instant());
    }

    /** The secondary's hash when both sides hold the same bytes, else null. */
    private static String sameContent(Work w, String name) {
        String there = w.secondary().hash(name);
        return there.equals(w.primary().hash(name)) ? there : null;
    }

    private void lagAlert(Vault vault, ReplicationRepository.State state) {
        if (state.pendingBlobs() == 0 && state.lastError() == null) {
            events.publishEvent(new ReplicationLagChanged(vault.id(), false, "The secondary copy is up to date."));
        } else if (state.laggingSince() != null
                && !clock.instant().isBefore(state.laggingSince().plus(properties.lagAlertAfter()))) {
            events.publishEvent(new ReplicationLagChanged(vault.id(), true, "The secondary copy of vault '"
                    + vault.name() + "' is " + state.pendingBlobs() + " blob(s) ("
                    + Formats.bytes(state.pendingBytes()) + ") behind since "
                    + state.laggingSince() + (state.lastError() == null ? "." : ": " + state.lastError())));
        }
    }
}
