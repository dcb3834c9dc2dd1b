package io.vaultfleet.console.identity;

import java.util.List;

/**
 * The scopes roles can be granted at, by name, for Settings › Users and access tokens. Identity places scopes by id
 * only; their names belong to the subscription and vault features, which depend on this one, so the console's read
 * model implements this interface ({@code readmodel.ScopeChoices}) and identity reads none of their tables.
 */
public interface ScopeCatalog {
    /** Every subscription, then every resource group, then every vault, each labelled with the scopes above it. */
    List<ScopeChoice> all();
}
