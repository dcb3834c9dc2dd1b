package io.vaultfleet.console.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.vaultfleet.console.vault.VaultLookup;

/**
 * Replication gauges for Prometheus: vaults lagging, blobs and bytes waiting for the secondary (all geo-redundant
 * vaults together). Counters of what was copied and removed live in {@link Replicator}. One query per 10 s at most,
 * however often the endpoint is scraped.
 */
@Component
class ReplicationMetrics implements MeterBinder {
    private static final Duration FRESH_FOR = Duration.ofSeconds(10);
    private final ReplicationRepository repo;
    private final VaultLookup vaults;
    private final Clock clock;
    private volatile long[] snapshot = new long[3];
    private volatile Instant takenAt = Instant.EPOCH;

    ReplicationMetrics(ReplicationRepository repo, VaultLookup vaults, Clock clock) {
        this.repo = repo;
        this.vaults = vaults;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("vaultfleet.replication.lagging.vaults", this, m -> m.snapshot()[0])
                .description("Geo-redundant vaults whose secondary copy is behind").register(registry);
        Gauge.builder("vaultfleet.replication.pending.blobs", this, m -> m.snapshot()[1])
                .description("Blobs waiting to be copied to secondary locations").register(registry);
        Gauge.builder("vaultfleet.replication.pending.bytes", this, m -> m.snapshot()[2]).baseUnit("bytes")
                .description("Bytes waiting to be copied to secondary locations").register(registry);
    }

    private long[] snapshot() {
        Instant now = clock.instant();
        if (Duration.between(takenAt, now).compareTo(FRESH_FOR) >= 0) {
            snapshot = repo.lagTotals(vaults.geoRedundant());
            takenAt = now;
        }
        return snapshot;
    }
}
