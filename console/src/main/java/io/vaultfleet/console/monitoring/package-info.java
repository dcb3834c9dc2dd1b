/**
 * What an admin watching many servers sees first and is told without looking: the dashboard (numbers and Chart.js
 * charts, live), alert rules and their states ({@link io.vaultfleet.console.monitoring.AlertRules},
 * {@link io.vaultfleet.console.monitoring.AlertService}), e-mail and webhook notifications sent once per alert through
 * an outbox, and the Prometheus metrics endpoint behind a scrape token. Reads the fleet, jobs, recovery point and
 * vault tables (read-only) for fleet-wide aggregates; asks schedules through
 * {@link io.vaultfleet.console.monitoring.ScheduledBackups}.
 */
package io.vaultfleet.console.monitoring;
