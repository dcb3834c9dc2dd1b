package io.vaultfleet.console.api;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerQuery;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.recovery.RecoveryPoint;
import io.vaultfleet.console.recovery.RecoveryPointCatalog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Registered servers and their recovery points. */
@RestController
@RequestMapping(path = "/api/v1/servers", produces = "application/json")
@Tag(name = "Registered servers", description = "Servers registered in vaults, and their recovery points")
class ServersApi {
    private final FleetService fleet;
    private final RecoveryPointCatalog recoveryPoints;

    ServersApi(FleetService fleet, RecoveryPointCatalog recoveryPoints) {
        this.fleet = fleet;
        this.recoveryPoints = recoveryPoints;
    }

    @GetMapping
    @Operation(summary = "Registered servers the caller may see, by name")
    ApiPage<RegisteredServer> list(@RequestParam(required = false) UUID vaultId,
                                   @RequestParam(required = false) String name,
                                   @RequestParam(required = false) ServerStatus status,
                                   @RequestParam(required = false) String cursor,
                                   @RequestParam(required = false) Integer limit) {
        ServerQuery query = new ServerQuery(name, status, ServerQuery.Sort.NAME, false, vaultId);
        return ApiPage.of(cursor, limit, (offset, count) -> fleet.list(query, offset, count));
    }

    @GetMapping("/{serverId}")
    @Operation(summary = "One registered server")
    RegisteredServer get(@PathVariable UUID serverId) {
        return fleet.find(serverId).orElseThrow(() -> new InvalidInputException("server", "No such server."));
    }

    @GetMapping("/{serverId}/recovery-points")
    @Operation(summary = "A server's recovery points, newest first")
    ApiPage<RecoveryPoint> recoveryPoints(@PathVariable UUID serverId, @RequestParam(required = false) String cursor,
                                          @RequestParam(required = false) Integer limit) {
        get(serverId);
        return ApiPage.slice(cursor, limit, recoveryPoints.forServer(serverId));
    }
}
