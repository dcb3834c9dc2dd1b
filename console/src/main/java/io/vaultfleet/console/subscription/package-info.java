/**
 * Subscriptions and resource groups: the containers vaults live in and the scopes roles are granted at (as in
 * Azure). Creating a subscription needs the console Owner role; a resource group needs Contributor on its
 * subscription.
 */
package io.vaultfleet.console.subscription;
