package io.vaultfleet.console.recovery;

import java.util.UUID;

/** An agent's new recovery point was stored (published inside the delivery transaction). */
record RecoveryPointReported(UUID serverId, String recoveryPointId) {
}
