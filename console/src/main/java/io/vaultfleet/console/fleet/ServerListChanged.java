package io.vaultfleet.console.fleet;

import java.util.UUID;

/**
 * Something another feature shows on the Registered servers list changed for a server (its open alerts): open lists
 * refresh. Published by that feature; fleet only forwards it to the views.
 */
public record ServerListChanged(UUID serverId) {
}
