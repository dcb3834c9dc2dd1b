package io.vaultfleet.console.identity;

/** A scope roles can be granted at, and how Settings › Users names it, e.g. "Vault Prod / rg-web / web-vault". */
public record ScopeChoice(ScopePath path, String label) {
}
