/**
 * Where repository blobs live: a small {@link io.vaultfleet.agent.store.BlobStore} interface, a folder store, an
 * Azure Blob store, and decorators (retry, bandwidth limit) that wrap any store. Knows nothing of the format.
 */
package io.vaultfleet.agent.store;
