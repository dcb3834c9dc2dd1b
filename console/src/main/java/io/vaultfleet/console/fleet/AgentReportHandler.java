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

    /**
     * Storing {@code report} failed for a reason of the console's own (not a {@link ReportRejectedException}); its
     * transaction was rolled back and the agent keeps the report and sends it again. Called in a transaction of its
     * own, so a feature can say where its users look (the job page) what could not be stored, instead of leaving a
     * false state. Does nothing by default.
     *
     * @param problem what went wrong, fit to show to an operator
     */
    default void notStored(ReportingServer server, T report, String problem) {
    }
}
