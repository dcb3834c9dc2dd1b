package io.vaultfleet.console.identity;

import java.util.Arrays;
import java.util.List;

/**
 * Console roles, from least to most powerful. A role includes every role below it, so an owner may do what a
 * reader may. Names and meaning follow Azure's built-in Backup roles.
 */
public enum Role {
    /** Sees everything in its scope, changes nothing. */
    READER("Reader", "View vaults, servers, jobs, recovery points and alerts."),
    /** Runs day-to-day operations: Back Up Now, restore, acknowledge alerts. */
    OPERATOR("Backup operator", "Everything a reader does, plus Back Up Now, restore and alert handling."),
    /** Manages resources: vaults, policies, registration, settings. */
    CONTRIBUTOR("Contributor", "Everything an operator does, plus creating and changing vaults, policies and servers."),
    /** Everything, including access management and critical operations. */
    OWNER("Owner", "Everything, including user and role management and critical operations.");

    private final String label;
    private final String description;

    Role(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** Whether holding this role allows what {@code required} allows. */
    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    /** The Spring Security authority for this role, e.g. {@code ROLE_OWNER}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** This role and every role it includes. */
    public List<Role> withIncluded() {
        return Arrays.stream(values()).filter(this::includes).toList();
    }
}
