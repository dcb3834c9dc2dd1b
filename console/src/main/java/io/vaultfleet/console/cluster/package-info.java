/**
 * Several console nodes on one PostgreSQL database (docs/decisions/026): what one node publishes for live views
 * (job progress and changes, server status, alerts, notices) reaches browsers on every node. Commands to agents
 * travel through {@code fleet}'s relay; node identity, signals and scheduler locks are in {@code platform}.
 */
package io.vaultfleet.console.cluster;
