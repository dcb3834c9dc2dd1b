package io.vaultfleet.protocol.enrollment;

import java.util.UUID;

/**
 * The console accepted the registration.
 *
 * @param serverId   the server's id from now on (its connect proofs name it)
 * @param serverName the name the server has in the vault
 * @param vaultId    the vault it joined
 * @param vaultName  the vault's name
 * @param reattached true when a reinstalled server took over its earlier registration and backups
 */
public record EnrollmentResult(UUID serverId, String serverName, UUID vaultId, String vaultName, boolean reattached) {
}
