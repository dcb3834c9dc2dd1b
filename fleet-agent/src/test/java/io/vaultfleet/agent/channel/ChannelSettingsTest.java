package io.vaultfleet.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

class ChannelSettingsTest {

    @Test
    void turnsAConsoleUrlIntoItsAgentEndpoint() {
        assertThat(ChannelSettings.endpointFor("http://console:8080")).isEqualTo(URI.create("ws://console:8080/agent/ws"));
        assertThat(ChannelSettings.endpointFor("https://backup.example.com/"))
                .isEqualTo(URI.create("wss://backup.example.com/agent/ws"));
        assertThat(ChannelSettings.endpointFor("https://example.com/vaultfleet"))
                .isEqualTo(URI.create("wss://example.com/vaultfleet/agent/ws"));
        assertThat(ChannelSettings.endpointFor(" ws://10.0.0.5:8080/agent/ws "))
                .isEqualTo(URI.create("ws://10.0.0.5:8080/agent/ws"));
    }

    @Test
    void rejectsUrlsThatAreNotHttpOrWebSocket() {
        assertThatThrownBy(() -> ChannelSettings.endpointFor("ftp://console"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with http://, https://, ws:// or wss://");
        assertThatThrownBy(() -> ChannelSettings.endpointFor("console:8080"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsAcceptOnlyWebSocketEndpoints() {
        assertThatThrownBy(() -> ChannelSettings.defaults(URI.create("http://console/agent/ws")))
                .hasMessageContaining("ws:// or wss://");
        assertThat(ChannelSettings.defaults(URI.create("wss://console/agent/ws")).missedAcksToDrop()).isEqualTo(3);
    }
}
