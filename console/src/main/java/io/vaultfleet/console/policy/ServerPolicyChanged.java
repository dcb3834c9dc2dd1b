package io.vaultfleet.console.policy;

import java.util.UUID;

/** A server's policy or its reported state changed: views showing it refresh. */
record ServerPolicyChanged(UUID serverId) {
}
