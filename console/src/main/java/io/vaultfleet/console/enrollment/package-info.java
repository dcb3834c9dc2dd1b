/**
 * Registration of servers: {@code POST /agent/enroll} checks the signed enrollment request (proof of the agent's new
 * key, freshness, single use), the vault credentials file (this console's signature, expiry, revocation, secret)
 * and the server's name in the vault, then records the server with its public key.
 */
package io.vaultfleet.console.enrollment;
