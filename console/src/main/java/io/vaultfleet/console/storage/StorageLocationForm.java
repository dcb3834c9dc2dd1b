package io.vaultfleet.console.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What an owner enters to add or change a storage location. {@link #problems()} names each bad field with a
 * message; the service checks it again before saving. A blank credential on change keeps the stored one.
 */
public record StorageLocationForm(String name, String displayName, StorageKind kind, String folderPath,
                                  String accountUrl, String credential, UUID pairedLocationId) {
    public static final int MAX_NAME = 40;

    /** Never prints the credential, so a form in a log line or exception message does not leak it. */
    @Override
    public String toString() {
        return "StorageLocationForm[name=" + name + ", displayName=" + displayName + ", kind=" + kind
                + ", folderPath=" + folderPath + ", accountUrl=" + accountUrl + ", credential="
                + (credential == null || credential.isBlank() ? "none" : "(hidden)") + ", pairedLocationId="
                + pairedLocationId + "]";
    }

    /** Field name → message, in form order; empty when the form is acceptable. */
    public Map<String, String> problems(boolean credentialStored) {
        Map<String, String> p = new LinkedHashMap<>();
        if (name == null || name.isBlank()) {
            p.put("name", "Enter a location name, e.g. westeurope.");
        } else if (!name.matches("[a-z][a-z0-9-]{1,39}")) {
            p.put("name", "The location name must be 2 to " + MAX_NAME
                    + " lower-case letters, digits or hyphens, starting with a letter.");
        }
        if (displayName == null || displayName.isBlank()) {
            p.put("displayName", "Enter a display name, e.g. West Europe.");
        } else if (displayName.trim().length() > 80) {
            p.put("displayName", "The display name can have at most 80 characters.");
        }
        if (kind == null) {
            p.put("kind", "Choose what backs this location.");
        } else if (kind == StorageKind.FOLDER) {
            folderProblem().ifPresent(m -> p.put("folderPath", m));
        } else {
            accountUrlProblem().ifPresent(m -> p.put("accountUrl", m));
            if ((credential == null || credential.isBlank()) && !credentialStored) {
                p.put("credential", "Enter the storage account key (or a SAS token with read, write and list rights).");
            } else if (credential != null && credential.length() > 2048) {
                p.put("credential", "The credential is too long (at most 2048 characters).");
            }
        }
        return p;
    }

    private Optional<String> folderProblem() {
        if (folderPath == null || folderPath.isBlank()) {
            return Optional.of("Enter the folder path the agents write to.");
        }
        try {
            Path path = Path.of(folderPath.trim());
            boolean windowsAbsolute = folderPath.trim().matches("^([A-Za-z]:\\\\|\\\\\\\\).*");
            if (!path.isAbsolute() && !windowsAbsolute) {
                return Optional.of("The folder path must be absolute, e.g. /srv/backup or \\\\nas\\backup.");
            }
        } catch (InvalidPathException e) {
            return Optional.of("The folder path is not valid: " + e.getReason() + ".");
        }
        return Optional.empty();
    }

    private Optional<String> accountUrlProblem() {
        if (accountUrl == null || accountUrl.isBlank()) {
            return Optional.of("Enter the account's blob endpoint, e.g. https://myaccount.blob.core.windows.net.");
        }
        try {
            URI uri = new URI(accountUrl.trim());
            boolean loopback = "http".equals(uri.getScheme()) && uri.getHost() != null
                    && (uri.getHost().equals("127.0.0.1") || uri.getHost().equals("localhost"));
            if (!"https".equals(uri.getScheme()) && !loopback) {
                return Optional.of("The account URL must use https (plain http only for Azurite on this machine).");
            }
            if (uri.getHost() == null || uri.getQuery() != null || uri.getUserInfo() != null) {
                return Optional.of("The account URL must be a plain endpoint with a host and no query or user.");
            }
        } catch (URISyntaxException e) {
            return Optional.of("The account URL is not a valid URL.");
        }
        return Optional.empty();
    }
}
