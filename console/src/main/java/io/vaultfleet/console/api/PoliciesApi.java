package io.vaultfleet.console.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vaultfleet.console.policy.BackupPolicy;
import io.vaultfleet.console.policy.PolicyDraft;
import io.vaultfleet.console.policy.PolicyService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Backup policies: the Schedule Backup wizard's settings, created in a vault, edited, assigned to servers. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
@Tag(name = "Policies", description = "Backup policies: schedule and retention")
class PoliciesApi {
    private final PolicyService policies;

    PoliciesApi(PolicyService policies) {
        this.policies = policies;
    }

    /** The servers (of the policy's vault) that are to use a policy. */
    record Assignment(List<UUID> serverIds) {
    }

    @GetMapping("/vaults/{vaultId}/policies")
    @Operation(summary = "A vault's policies")
    ApiPage<BackupPolicy> list(@PathVariable UUID vaultId, @RequestParam(required = false) String cursor,
                               @RequestParam(required = false) Integer limit) {
        return ApiPage.slice(cursor, limit, policies.list(vaultId));
    }

    @PostMapping(path = "/vaults/{vaultId}/policies", consumes = "application/json")
    @Operation(summary = "Create a policy in a vault (Contributor)")
    ResponseEntity<BackupPolicy> create(@PathVariable UUID vaultId, @RequestBody PolicyDraft draft) {
        BackupPolicy policy = policies.create(vaultId, draft);
        return ResponseEntity.created(URI.create("/api/v1/policies/" + policy.id())).eTag(etag(policy)).body(policy);
    }

    @GetMapping("/policies/{policyId}")
    @Operation(summary = "One policy, with its ETag for changes")
    ResponseEntity<BackupPolicy> get(@PathVariable UUID policyId) {
        BackupPolicy policy = policies.get(policyId);
        return ResponseEntity.ok().eTag(etag(policy)).body(policy);
    }

    @PutMapping(path = "/policies/{policyId}", consumes = "application/json")
    @Operation(summary = "Change a policy (Contributor); needs If-Match with its ETag; servers using it get it at once")
    ResponseEntity<BackupPolicy> update(@PathVariable UUID policyId,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody PolicyDraft draft) {
        BackupPolicy current = policies.get(policyId);
        ApiPreconditions.require(ifMatch, etag(current));
        BackupPolicy updated = policies.update(policyId, current.revision(), draft);
        return ResponseEntity.ok().eTag(etag(updated)).body(updated);
    }

    @PostMapping(path = "/policies/{policyId}/assign", consumes = "application/json")
    @Operation(summary = "Make a policy the policy of servers of its vault (Contributor)")
    ResponseEntity<BackupPolicy> assign(@PathVariable UUID policyId, @RequestBody Assignment assignment) {
        policies.assign(policyId, assignment.serverIds() == null ? List.of() : assignment.serverIds());
        BackupPolicy policy = policies.get(policyId);
        return ResponseEntity.ok().eTag(etag(policy)).body(policy);
    }

    static String etag(BackupPolicy policy) {
        return "\"r" + policy.revision() + "\"";
    }
}
