package io.vaultfleet.console.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.fleet.AgentChannelTraffic;
import io.vaultfleet.console.jobs.BackupJobEnded;
import io.vaultfleet.console.jobs.JobStatus;

/**
 * The console's metrics for Prometheus ({@code /actuator/prometheus}): agents online and connected here, jobs by
 * status, bytes protected and stored, open alerts by severity, agent channel frames. Fleet-wide numbers come from
 * one snapshot of a few aggregate queries, taken at most every 10 s however often the endpoint is scraped.
 */
@Component
class MonitoringMetrics implements MeterBinder {
    private static final Duration FRESH_FOR = Duration.ofSeconds(10);
    private final MetricsFacts facts;
    private final AgentChannelTraffic traffic;
    private final Clock clock;
    private final Map<JobStatus, Counter> finished = new EnumMap<>(JobStatus.class);
    private volatile MetricsFacts.Snapshot snapshot;
    private volatile Instant takenAt = Instant.EPOCH;

    MonitoringMetrics(MetricsFacts facts, AgentChannelTraffic traffic, Clock clock) {
        this.facts = facts;
        this.traffic = traffic;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("vaultfleet.agents.online", this, m -> m.snapshot().agentsOnline())
                .description("Registered servers whose agent is connected to any console node").register(registry);
        Gauge.builder("vaultfleet.agents.offline", this, m -> m.snapshot().agentsOffline())
                .description("Registered servers whose agent is not connected").register(registry);
        Gauge.builder("vaultfleet.agents.connections", traffic, AgentChannelTraffic::connectionsHere)
                .description("Agent WebSocket connections open on this node").register(registry);
        FunctionCounter.builder("vaultfleet.agent.frames", traffic, AgentChannelTraffic::framesReceived)
                .tag("direction", "received").description("Protocol frames received from agents").register(registry);
        FunctionCounter.builder("vaultfleet.agent.frames", traffic, AgentChannelTraffic::framesSent)
                .tag("direction", "sent").description("Protocol frames sent to agents").register(registry);
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("vaultfleet.jobs", this, m -> m.snapshot().jobsByStatus().getOrDefault(status, 0L))
                    .tag("status", status.name()).description("Jobs in the console's history by status")
                    .register(registry);
            finished.put(status, Counter.builder("vaultfleet.jobs.finished")
                    .tag("status", status.name()).description("Jobs agents reported finished since the console started")
                    .register(registry));
        }
        Gauge.builder("vaultfleet.protected.bytes", this, m -> m.snapshot().bytesProtected()).baseUnit("bytes")
                .description("Size of the latest recovery point of every server").register(registry);
        Gauge.builder("vaultfleet.stored.bytes", this, m -> m.snapshot().bytesStored()).baseUnit("bytes")
                .description("New bytes all recovery points added to storage").register(registry);
        for (AlertSeverity severity : AlertSeverity.values()) {
            Gauge.builder("vaultfleet.alerts.open", this, m -> m.snapshot().openAlerts().getOrDefault(severity, 0L))
                    .tag("severity", severity.name()).description("Active and acknowledged alerts").register(registry);
        }
    }

    @EventListener
    void on(BackupJobEnded job) {
        var counter = finished.get(job.status());
        if (counter != null) {
            counter.increment();
        }
    }

    private MetricsFacts.Snapshot snapshot() {
        Instant now = clock.instant();
        MetricsFacts.Snapshot current = snapshot;
        if (current == null || now.isAfter(takenAt.plus(FRESH_FOR)) || now.isBefore(takenAt)) {
            synchronized (this) {
                if (snapshot == null || now.isAfter(takenAt.plus(FRESH_FOR)) || now.isBefore(takenAt)) {
                    snapshot = facts.snapshot();
                    takenAt = now;
                }
                current = snapshot;
            }
        }
        return current;
    }
}
