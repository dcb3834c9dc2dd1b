package io.vaultfleet.console.api;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vaultfleet.console.vault.CreateVaultRequest;
import io.vaultfleet.console.vault.StorageRedundancy;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultFilter;
import io.vaultfleet.console.vault.VaultService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Recovery Services vaults: list, create (the portal's name rules and messages), redundancy and soft delete. */
@RestController
@RequestMapping(path = "/api/v1/vaults", produces = "application/json")
@Tag(name = "Vaults", description = "Recovery Services vaults")
class VaultsApi {
    private final VaultService vaults;

    VaultsApi(VaultService vaults) {
        this.vaults = vaults;
    }

    /**
     * Create Recovery Services vault's Basics tab; {@code redundancy} (default geo-redundant, as in the portal) is
     * set right after, while nothing is protected yet.
     */
    record CreateVault(String name, UUID subscriptionId, UUID resourceGroupId, String newResourceGroupName,
                       UUID locationId, StorageRedundancy redundancy) {
    }

    /**
     * The vault's Properties: storage replication type, and soft delete ({@code false} asks to disable it, which a
     * second owner confirms with the same request; {@code true} turns it on or withdraws the request).
     */
    record ChangeVault(StorageRedundancy redundancy, Boolean softDelete) {
    }

    @GetMapping
    @Operation(summary = "Vaults the caller may read, filtered")
    ApiPage<Vault> list(@RequestParam(required = false) String name,
                        @RequestParam(required = false) UUID subscriptionId,
                        @RequestParam(required = false) UUID resourceGroupId,
                        @RequestParam(required = false) UUID locationId,
                        @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return ApiPage.slice(cursor, limit, vaults.list(new VaultFilter(name, subscriptionId, resourceGroupId, locationId)));
    }

    @GetMapping("/{vaultId}")
    @Operation(summary = "One vault, with its ETag for changes")
    ResponseEntity<Vault> get(@PathVariable UUID vaultId) {
        Vault vault = vaults.get(vaultId);
        return ResponseEntity.ok().eTag(etag(vault)).body(vault);
    }

    @PostMapping(consumes = "application/json")
    @Transactional
    @Operation(summary = "Create a vault (Contributor on the resource group)")
    ResponseEntity<Vault> create(@RequestBody CreateVault request) {
        Vault vault = vaults.create(new CreateVaultRequest(request.name(), request.subscriptionId(),
                request.resourceGroupId(), request.newResourceGroupName(), request.locationId()));
        if (request.redundancy() != null) {
            vault = vaults.changeRedundancy(vault.id(), request.redundancy());
        }
        return ResponseEntity.created(URI.create("/api/v1/vaults/" + vault.id())).eTag(etag(vault)).body(vault);
    }

    @PatchMapping(path = "/{vaultId}", consumes = "application/json")
    @Operation(summary = "Change redundancy or soft delete; needs If-Match with the vault's ETag")
    ResponseEntity<Vault> change(@PathVariable UUID vaultId,
                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                 @RequestBody ChangeVault change) {
        Vault vault = vaults.get(vaultId);
        ApiPreconditions.require(ifMatch, etag(vault));
        if (change.redundancy() != null) {
            vault = vaults.changeRedundancy(vaultId, change.redundancy());
        }
        if (Boolean.FALSE.equals(change.softDelete())) {
            vault = vaults.disableSoftDelete(vaultId);
        } else if (Boolean.TRUE.equals(change.softDelete())) {
            vault = vaults.enableSoftDelete(vaultId);
        }
        return ResponseEntity.ok().eTag(etag(vault)).body(vault);
    }

    static String etag(Vault vault) {
        return ApiPreconditions.etag(vault.id(), vault.redundancy(), vault.softDeleteEnabled(),
                vault.softDeleteOffRequestedBy(), vault.goal());
    }
}
