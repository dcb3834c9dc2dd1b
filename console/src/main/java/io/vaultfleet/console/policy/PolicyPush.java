package io.vaultfleet.console.policy;

import java.util.Set;
import java.util.UUID;

/** Servers whose policy changed: sent to their agents once the change is committed. */
record PolicyPush(Set<UUID> serverIds) {
}
