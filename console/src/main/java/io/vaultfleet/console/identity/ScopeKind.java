package io.vaultfleet.console.identity;

/** Where a role assignment applies, from the widest to the narrowest, as in Azure's resource hierarchy. */
public enum ScopeKind {
    GLOBAL("Console"), SUBSCRIPTION("Subscription"), RESOURCE_GROUP("Resource group"), VAULT("Vault");

    private final String label;

    ScopeKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
