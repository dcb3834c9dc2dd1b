package io.vaultfleet.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.vaultfleet.agent.platform.current.CurrentPlatform;

/** The proxy given at registration is kept for the service; its password stays a secret. */
class ProxySettingsTest {
    @TempDir
    Path home;

    @Test
    void savedSettingsComeBackWithThePasswordKeptApart() throws Exception {
        new ProxySettings(URI.create("http://proxy.example:3128"), "svc-backup", "pr0xy-pa55".toCharArray()).save(home, CurrentPlatform.secretProtection());

        ProxySettings loaded = ProxySettings.load(home, CurrentPlatform.secretProtection()).orElseThrow();

        assertThat(loaded.url()).isEqualTo(URI.create("http://proxy.example:3128"));
        assertThat(loaded.user()).isEqualTo("svc-backup");
        assertThat(loaded.password()).containsExactly("pr0xy-pa55".toCharArray());
        assertThat(Files.readString(home.resolve(ProxySettings.FILE))).doesNotContain("pr0xy-pa55");
        assertThat(loaded.toString()).doesNotContain("pr0xy-pa55");
        assertThat(loaded.azureOptions().getAddress().getPort()).isEqualTo(3128);
    }

    @Test
    void anAnonymousProxyHasNoSecretAndClearingForgetsIt() throws Exception {
        new ProxySettings(URI.create("http://10.0.0.8:8080"), null, null).save(home, CurrentPlatform.secretProtection());
        assertThat(ProxySettings.load(home, CurrentPlatform.secretProtection()).orElseThrow().user()).isNull();
        assertThat(home.resolve(ProxySettings.PASSWORD_FILE)).doesNotExist();

        ProxySettings.clear(home);

        assertThat(ProxySettings.load(home, CurrentPlatform.secretProtection())).isEmpty();
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new ProxySettings(URI.create("https://proxy.example:3128"), null, null))
                .hasMessageContaining("must look like http://host:port");
        assertThatThrownBy(() -> new ProxySettings(URI.create("http://proxy.example"), null, null))
                .hasMessageContaining("must look like http://host:port");
        assertThatThrownBy(() -> new ProxySettings(URI.create("http://proxy.example:3128"), null, "x".toCharArray()))
                .hasMessageContaining("needs a proxy user name");
    }

    @Test
    void unreadableSettingsSayWhatToDo() throws Exception {
        Files.writeString(home.resolve(ProxySettings.FILE), "{not json");
        assertThatThrownBy(() -> ProxySettings.load(home, CurrentPlatform.secretProtection())).hasMessageContaining("register the agent again with --proxy");
    }
}
