package io.vaultfleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreLocationTest {
    @Test
    void parsesFolderAndAzureLocations() {
        assertThat(StoreLocation.parse("folder:/srv/b")).isEqualTo(new StoreLocation(StoreLocation.Kind.FOLDER, "/srv/b"));
        assertThat(StoreLocation.parse("azure:https://a.blob.core.windows.net/c?sv=1").kind())
                .isEqualTo(StoreLocation.Kind.AZURE);
    }

    @Test
    void rejectsUnknownSchemesWithoutEchoingTheSasToken() {
        assertThatThrownBy(() -> StoreLocation.parse("s3:https://x/y?sig=SECRET"))
                .hasMessageContaining("use folder:").hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> StoreLocation.parse("azure:/not/a/url")).hasMessageContaining("container URL");
    }
}
