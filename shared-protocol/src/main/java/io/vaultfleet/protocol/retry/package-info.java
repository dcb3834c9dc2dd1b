/**
 * The one retry backoff of the product (decision 024): the agent's storage retries, its reconnects to the console
 * and the console's alert notifications all wait by {@link io.vaultfleet.protocol.retry.ExponentialBackoff}.
 */
package io.vaultfleet.protocol.retry;
