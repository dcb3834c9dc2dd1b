package io.vaultfleet.console.api;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.subscription.ResourceGroup;
import io.vaultfleet.console.subscription.Subscription;
import io.vaultfleet.console.subscription.SubscriptionService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Subscriptions, their resource groups, and storage locations: where vaults are created. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
@Tag(name = "Resources", description = "Subscriptions, resource groups and storage locations")
class ResourcesApi {
    private final SubscriptionService subscriptions;
    private final StorageLocationService locations;

    ResourcesApi(SubscriptionService subscriptions, StorageLocationService locations) {
        this.subscriptions = subscriptions;
        this.locations = locations;
    }

    /** A name for a new subscription or resource group. */
    record NameRequest(String name) {
    }

    @GetMapping("/subscriptions")
    @Operation(summary = "Subscriptions where the caller holds a role (or holds one inside)")
    ApiPage<Subscription> subscriptions(@RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit) {
        return ApiPage.slice(cursor, limit, subscriptions.subscriptions());
    }

    @PostMapping(path = "/subscriptions", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a subscription (console-wide Owner)")
    Subscription createSubscription(@RequestBody NameRequest request) {
        return subscriptions.createSubscription(request.name());
    }

    @GetMapping("/subscriptions/{subscriptionId}/resource-groups")
    @Operation(summary = "Resource groups of a subscription the caller may see")
    ApiPage<ResourceGroup> resourceGroups(@PathVariable UUID subscriptionId,
                                          @RequestParam(required = false) String cursor,
                                          @RequestParam(required = false) Integer limit) {
        return ApiPage.slice(cursor, limit, subscriptions.resourceGroups(subscriptionId));
    }

    @PostMapping(path = "/subscriptions/{subscriptionId}/resource-groups", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a resource group (Contributor on the subscription)")
    ResourceGroup createResourceGroup(@PathVariable UUID subscriptionId, @RequestBody NameRequest request) {
        return subscriptions.createResourceGroup(subscriptionId, request.name());
    }

    @GetMapping("/storage-locations")
    @Operation(summary = "Storage locations a vault can be created in")
    ApiPage<StorageLocation> storageLocations(@RequestParam(required = false) String cursor,
                                              @RequestParam(required = false) Integer limit) {
        return ApiPage.slice(cursor, limit, locations.list());
    }
}
