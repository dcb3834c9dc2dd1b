/**
 * The console's read model: the queries that are truly about several features at once, and nothing else. Every
 * other feature's SQL names only the tables that feature owns ({@code FeatureTablesTest}); what one feature needs to
 * know of another it asks the owner's public API, except here:
 * <ul>
 * <li>conditions and columns that other features' list queries embed, so that a list of 1,000 jobs or alerts is
 * still one query: {@link io.vaultfleet.console.readmodel.VaultsInReach} (the vaults a user's roles reach, placed
 * by their subscription and resource group), {@link io.vaultfleet.console.readmodel.Labels} (a server's or a
 * vault's name beside another feature's row) and {@link io.vaultfleet.console.readmodel.ServerConditions} (rows of
 * revoked servers);</li>
 * <li>whole-fleet aggregates that count over several features' tables in one query each:
 * {@link io.vaultfleet.console.readmodel.DashboardFacts} (the dashboard) and
 * {@link io.vaultfleet.console.readmodel.FleetTotals} (the metrics endpoint);</li>
 * <li>labels that join scopes with vaults: {@link io.vaultfleet.console.readmodel.ScopeChoices} (every scope a
 * role can be granted at, by name).</li>
 * </ul>
 * The package reads any table and writes none: {@code FeatureTablesTest} fails on an insert, update, delete or merge
 * here. It depends on identity and platform only, so every feature may use it (decision 028).
 */
package io.vaultfleet.console.readmodel;
