package io.vaultfleet.console.replication;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * One console node at a time replicates a vault: a lease per vault in ShedLock's table (the cluster mechanism of
 * docs/decisions/026, database time), named {@code replication:<vault id>}, held for
 * {@code vaultfleet.replication.lease} and renewed every third of it while the pass runs. A node that dies stops
 * renewing: its lease runs out and the next pass on another node (scheduled, or nudged by a finished backup) takes
 * the vault over and resumes from what the database records as copied. On H2 (one node) the same table is used.
 */
@Component
class VaultLeases {
    private static final Logger log = LoggerFactory.getLogger(VaultLeases.class);

    private final LockProvider locks;
    private final Duration leaseFor;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .name("replication-lease").daemon().factory());

    VaultLeases(LockProvider locks, ReplicationProperties properties) {
        this.locks = locks;
        this.leaseFor = properties.lease();
    }

    static String name(UUID vaultId) {
        return "replication:" + vaultId;
    }

    /** The vault's lease, or empty when another node (or another pass here) holds it. */
    Optional<Lease> acquire(UUID vaultId) {
        return locks.lock(new LockConfiguration(ClockProvider.now(), name(vaultId), leaseFor, Duration.ZERO))
                .map(lock -> new Lease(vaultId, lock));
    }

    @PreDestroy
    void stop() {
        renewals.shutdownNow();
    }

    /** A held lease, renewed in the background until closed; {@link #lost()} once a renewal failed. */
    final class Lease implements AutoCloseable {
        private final UUID vaultId;
        private final ScheduledFuture<?> renewal;
        private SimpleLock lock;
        private volatile boolean lost;
        private boolean closed;

        private Lease(UUID vaultId, SimpleLock lock) {
            this.vaultId = vaultId;
            this.lock = lock;
            long every = Math.max(100, leaseFor.toMillis() / 3);
            this.renewal = renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        private synchronized void renew() {
            if (closed || lost) {
                return;
            }
            try {
                Optional<SimpleLock> extended = lock.extend(leaseFor, Duration.ZERO);
                if (extended.isPresent()) {
                    lock = extended.get();
                    return;
                }
                log.warn("vault {}: lost the replication lease (another node holds it now); this pass stops", vaultId);
            } catch (RuntimeException e) {
                log.warn("vault {}: cannot renew the replication lease ({}); this pass stops", vaultId, e.toString());
            }
            lost = true;
        }

        /** Whether the lease could not be renewed: another node may be replicating the vault now. */
        boolean lost() {
            return lost;
        }

        /** Stops renewing without releasing: what a node that died leaves behind (tests only). */
        synchronized void abandon() {
            closed = true;
            renewal.cancel(false);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            renewal.cancel(false);
            if (!lost) {
                try {
                    lock.unlock();
                } catch (RuntimeException e) {
                    log.warn("vault {}: cannot release the replication lease ({}); it runs out by itself", vaultId,
                            e.toString());
                }
            }
        }
    }
}
