package io.vaultfleet.console.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.DataFolder;
import io.vaultfleet.console.platform.InvalidInputException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The storage locations vaults can be created in. Everyone signed in sees names and endpoints (the create-vault
 * form offers them); only console owners add or change them. Credentials go in, never out, and are not logged.
 */
@Service
public class StorageLocationService {
    /** The location a new console starts with, so it works without an Azure account. */
    public static final String DEFAULT_NAME = "local";

    private final StorageLocationRepository locations;
    private final SecretBox secrets;
    private final AccessControl access;
    private final AuditLog audit;
    private final DataFolder data;

    StorageLocationService(StorageLocationRepository locations, SecretBox secrets, AccessControl access,
                           AuditLog audit, DataFolder data) {
        this.locations = locations;
        this.secrets = secrets;
        this.access = access;
        this.audit = audit;
        this.data = data;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void createDefaultLocation() {
        if (locations.count() == 0) {
            String folder = data.resolve("storage/" + DEFAULT_NAME).toString();
            locations.insert(UUID.randomUUID(), new StorageLocationForm(DEFAULT_NAME, "Local (data folder)",
                    StorageKind.FOLDER, folder, null, null, null), null);
            audit.recordAs("system", "storage.create", "storage:" + DEFAULT_NAME, AuditLog.Outcome.SUCCESS, folder);
        }
    }

    @PreAuthorize("isAuthenticated()")
    public List<StorageLocation> list() {
        return locations.findAll();
    }

    @PreAuthorize("isAuthenticated()")
    public Optional<StorageLocation> find(UUID id) {
        return locations.find(id).map(StorageLocationRepository.Stored::location);
    }

    @Transactional
    public StorageLocation create(StorageLocationForm form) {
        access.requireGlobally(Role.OWNER, "storage.create");
        Map<String, String> problems = new LinkedHashMap<>(form.problems(false));
        if (!problems.containsKey("name") && locations.findByName(form.name().trim()).isPresent()) {
            problems.put("name", "A location named '" + form.name().trim() + "' already exists.");
        }
        checkPair(null, form, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        UUID id = UUID.randomUUID();
        locations.insert(id, form, form.kind() == StorageKind.AZURE_BLOB ? secrets.seal(form.credential().trim()) : null);
        audit.record("storage.create", "storage:" + form.name().trim(), AuditLog.Outcome.SUCCESS, describe(form));
        return find(id).orElseThrow();
    }

    /** Changes a location; its name stays. A blank credential keeps the stored one. */
    @Transactional
    public StorageLocation update(UUID id, StorageLocationForm form) {
        access.requireGlobally(Role.OWNER, "storage.update");
        var stored = locations.find(id).orElseThrow(() -> new InvalidInputException("name", "No such storage location."));
        StorageLocationForm named = new StorageLocationForm(stored.location().name(), form.displayName(), form.kind(),
                form.folderPath(), form.accountUrl(), form.credential(), form.pairedLocationId());
        boolean keepCredential = stored.credentialSealed() != null && form.kind() == StorageKind.AZURE_BLOB;
        Map<String, String> problems = new LinkedHashMap<>(named.problems(keepCredential));
        checkPair(id, named, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String sealed = form.kind() != StorageKind.AZURE_BLOB ? null
                : form.credential() == null || form.credential().isBlank() ? stored.credentialSealed()
                : secrets.seal(form.credential().trim());
        locations.update(id, named, sealed);
        audit.record("storage.update", "storage:" + named.name(), AuditLog.Outcome.SUCCESS, describe(named));
        return find(id).orElseThrow();
    }

    /** The account credential, for the storage code that talks to Azure (SAS issuing); never for views. */
    String credential(UUID id) {
        return locations.find(id).map(StorageLocationRepository.Stored::credentialSealed).map(secrets::open)
                .orElse(null);
    }

    /**
     * Why {@code locationId} cannot hold a zone-redundant vault, or null when it can. An Azure account must report a
     * zone-redundant SKU ({@code *_ZRS}, {@code *_GZRS}, {@code *_RAGZRS}); it is read through the SDK (Get Account
     * Information), so a mismatch is refused with what the account really is. A folder location cannot be asked:
     * its zones are the share's business, and the owner's choice stands.
     */
    public String zoneRedundancyProblem(UUID locationId) {
        var stored = locations.find(locationId).orElse(null);
        if (stored == null) {
            return "The vault's storage location no longer exists.";
        }
        StorageLocation location = stored.location();
        if (location.kind() == StorageKind.FOLDER) {
            return null;
        }
        if (stored.credentialSealed() == null) {
            return "Storage location '" + location.displayName() + "' has no credential to ask the account its SKU.";
        }
        String sku;
        try {
            var info = AzureAccounts.container(location.accountUrl(), secrets.open(stored.credentialSealed()), "sku")
                    .getServiceClient().getAccountInfo();
            sku = info.getSkuName() == null ? "unknown" : info.getSkuName().toString();
        } catch (RuntimeException e) {
            return "Cannot read the SKU of the account behind '" + location.displayName() + "': "
                    + (e.getMessage() == null ? e.toString()
                    : e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        return sku.toUpperCase(Locale.ROOT).endsWith("ZRS") ? null
                : "Storage location '" + location.displayName() + "' is not zone-redundant: its Azure account's SKU is "
                        + sku + ". Choose Zone-redundant only in a location whose account is Standard_ZRS (or GZRS).";
    }

    private void checkPair(UUID self, StorageLocationForm form, Map<String, String> problems) {
        if (form.pairedLocationId() == null) {
            return;
        }
        if (form.pairedLocationId().equals(self)) {
            problems.put("pairedLocation", "A location cannot be paired with itself.");
        } else if (locations.find(form.pairedLocationId()).isEmpty()) {
            problems.put("pairedLocation", "The paired location does not exist.");
        }
    }

    /** For the audit log: what was set, never the credential. */
    private static String describe(StorageLocationForm f) {
        return f.kind() + " " + (f.kind() == StorageKind.FOLDER ? f.folderPath() : f.accountUrl())
                + (f.credential() == null || f.credential().isBlank() ? "" : " (credential set)");
    }
}
