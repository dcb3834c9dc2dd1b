package io.vaultfleet.console.api;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vaultfleet.console.monitoring.Alert;
import io.vaultfleet.console.monitoring.AlertQuery;
import io.vaultfleet.console.monitoring.AlertRule;
import io.vaultfleet.console.monitoring.AlertService;
import io.vaultfleet.console.monitoring.AlertState;
import io.vaultfleet.console.platform.InvalidInputException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Backup alerts: list and acknowledge. */
@RestController
@RequestMapping(path = "/api/v1/alerts", produces = "application/json")
@Tag(name = "Alerts", description = "Backup alerts")
class AlertsApi {
    private final AlertService alerts;

    AlertsApi(AlertService alerts) {
        this.alerts = alerts;
    }

    @GetMapping
    @Operation(summary = "Alerts of vaults the caller may read, newest first")
    ApiPage<Alert> list(@RequestParam(defaultValue = "false") boolean openOnly,
                        @RequestParam(required = false) AlertState state, @RequestParam(required = false) AlertRule rule,
                        @RequestParam(required = false) UUID vaultId, @RequestParam(required = false) UUID serverId,
                        @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        AlertQuery query = new AlertQuery(openOnly, state, rule, vaultId, serverId);
        return ApiPage.of(cursor, limit, (offset, count) -> alerts.list(query, offset, count));
    }

    @GetMapping("/{alertId}")
    @Operation(summary = "One alert")
    Alert get(@PathVariable UUID alertId) {
        return alerts.find(alertId).orElseThrow(() -> new InvalidInputException("alert", "No such alert."));
    }

    @PostMapping("/{alertId}/acknowledge")
    @Operation(summary = "Acknowledge an active alert (Backup operator)")
    Alert acknowledge(@PathVariable UUID alertId) {
        return alerts.acknowledge(alertId);
    }
}
