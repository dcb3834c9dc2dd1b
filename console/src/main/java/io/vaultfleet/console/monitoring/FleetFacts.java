package io.vaultfleet.console.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.vaultfleet.console.fleet.FleetRoster;
import io.vaultfleet.console.jobs.LatestJobs;
import io.vaultfleet.console.vault.VaultLookup;

/**
 * What the time-based rules need to know of the fleet, the vaults and the jobs, for the whole fleet at once (one query
 * per rule, not one per server), asked of the features that own them. Monitoring never reads or writes their tables.
 */
@Component
class FleetFacts {
    private final FleetRoster fleet;
    private final VaultLookup vaults;
    private final LatestJobs jobs;

    FleetFacts(FleetRoster fleet, VaultLookup vaults, LatestJobs jobs) {
        this.fleet = fleet;
        this.vaults = vaults;
        this.jobs = jobs;
    }

    List<FleetRoster.Server> offlineSince(Instant before) {
        return fleet.offlineSince(before);
    }

    List<FleetRoster.Server> servers() {
        return fleet.servers();
    }

    Optional<FleetRoster.Server> server(UUID id) {
        return fleet.server(id);
    }

    List<String> agentVersions() {
        return fleet.agentVersions();
    }

    List<FleetRoster.Server> withAgentVersion(String version) {
        return fleet.withAgentVersion(version);
    }

    /** Vaults whose soft delete is off: id to name. */
    Map<UUID, String> vaultsWithoutSoftDelete() {
        return vaults.withoutSoftDelete();
    }

    /** When each server's latest job started. */
    Map<UUID, Instant> lastJobStart() {
        return jobs.startedPerServer();
    }
}
