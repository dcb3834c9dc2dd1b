package io.vaultfleet.console.subscription;

import java.util.ArrayList;
import java.util.List;

/** The naming rules for subscriptions and resource groups, each broken rule with its own message. */
public final class ScopeNames {
    public static final int MAX_SUBSCRIPTION = 64;
    public static final int MAX_RESOURCE_GROUP = 90;

    private ScopeNames() {
    }

    public static List<String> subscriptionProblems(String name) {
        if (name == null || name.isBlank()) {
            return List.of("Enter a subscription name.");
        }
        List<String> p = new ArrayList<>();
        String n = name.trim();
        if (n.length() > MAX_SUBSCRIPTION) {
            p.add("The subscription name can have at most " + MAX_SUBSCRIPTION + " characters.");
        }
        if (!n.matches("[\\p{L}\\p{N} ._()-]*")) {
            p.add("The subscription name can contain only letters, digits, spaces, periods, underscores, hyphens and parentheses.");
        }
        return p;
    }

    /** Azure's resource group rules: 1–90 of letters, digits, underscores, parentheses, hyphens, periods; no final period. */
    public static List<String> resourceGroupProblems(String name) {
        if (name == null || name.isEmpty()) {
            return List.of("Enter a resource group name.");
        }
        List<String> p = new ArrayList<>();
        if (name.length() > MAX_RESOURCE_GROUP) {
            p.add("The resource group name can have at most " + MAX_RESOURCE_GROUP + " characters.");
        }
        if (!name.matches("[\\p{L}\\p{N}._()-]*")) {
            p.add("The resource group name can contain only letters, digits, underscores, parentheses, hyphens and periods.");
        }
        if (name.endsWith(".")) {
            p.add("The resource group name cannot end with a period.");
        }
        return p;
    }
}
