package io.vaultfleet.agent.store;

import java.util.UUID;

import io.vaultfleet.testsupport.Azurite;

/** The contract against Azurite, through the official SDK on the JDK HTTP client. */
class AzureBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore newStore() {
        return AzureBlobStore.fromConnectionString(Azurite.shared().connectionString(), "c" + UUID.randomUUID());
    }
}
