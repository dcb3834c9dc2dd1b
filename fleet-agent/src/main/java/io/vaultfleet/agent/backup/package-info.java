/**
 * The backup pipeline: walk → (metadata cache) → read, chunk and hash → seal → pack → upload → index → snapshot,
 * with bounded queues between stages so memory stays bounded whatever the data size. Also the progress events and
 * the catalog record the console receives.
 */
package io.vaultfleet.agent.backup;
