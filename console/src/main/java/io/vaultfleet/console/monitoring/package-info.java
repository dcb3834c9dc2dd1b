/**
 * What an admin watching many servers sees first and is told without looking: the dashboard (numbers and Chart.js
 * charts, live), alert rules and their states ({@link io.vaultfleet.console.monitoring.AlertRules},
 * {@link io.vaultfleet.console.monitoring.AlertService}), e-mail and webhook notifications sent once per alert through
 * an outbox, and the Prometheus metrics endpoint behind a scrape token. Its fleet-wide aggregates come from the
 * read model ({@link io.vaultfleet.console.readmodel.DashboardFacts}, {@link io.vaultfleet.console.readmodel.FleetTotals});
 * what the rules need of servers, vaults and jobs from their owners ({@code FleetRoster}, {@code VaultLookup},
 * {@code LatestJobs}); schedules through {@link io.vaultfleet.console.monitoring.ScheduledBackups}.
 */
package io.vaultfleet.console.monitoring;
