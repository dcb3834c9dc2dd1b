package io.vaultfleet.console.fleet;

import io.vaultfleet.protocol.Reliable;

/**
 * Stores one kind of {@link Reliable} agent report. Implemented by the feature that owns the data (recovery points,
 * jobs, …); the agent channel calls it inside the transaction that records the delivery, so a report is stored
 * exactly once however often the agent sends it.
 */
public interface AgentReportHandler<T extends Reliable> {
    Class<T> reportType();

    void store(ReportingServer server, T report);
}
