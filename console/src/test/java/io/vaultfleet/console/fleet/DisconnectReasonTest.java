package io.vaultfleet.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Why a connection ended, in words for the server page: no WebSocket close codes reach the UI. */
class DisconnectReasonTest {
    @Test
    void aLostConnectionIsSaidInWordsWithoutItsCode() {
        assertThat(DisconnectReason.describe(1006, null))
                .isEqualTo("The connection was lost (network interruption, or the agent stopped without saying so).");
    }

    @Test
    void aNormalCloseWithoutReasonSaysTheAgentClosedIt() {
        assertThat(DisconnectReason.describe(1000, "")).isEqualTo("The agent closed the connection.");
    }

    @Test
    void theClosingSidesReasonBecomesASentence() {
        assertThat(DisconnectReason.describe(4000, "heartbeat missed")).isEqualTo("Heartbeat missed.");
        assertThat(DisconnectReason.describe(1001, "console is shutting down")).isEqualTo("Console is shutting down.");
        assertThat(DisconnectReason.describe(1008, "too many bad frames"))
                .isEqualTo("The console closed the connection: too many bad frames.");
    }

    @Test
    void reasonsStoredWithTheirCodeAreShownInTheSameWords() {
        assertThat(DisconnectReason.plain("connection closed (1006)")).isEqualTo(DisconnectReason.describe(1006, null));
        assertThat(DisconnectReason.plain("connection closed (1000)")).isEqualTo("The agent closed the connection.");
        assertThat(DisconnectReason.plain("heartbeat missed (4000)")).isEqualTo("Heartbeat missed.");
        assertThat(DisconnectReason.plain("Heartbeat missed.")).isEqualTo("Heartbeat missed.");
        assertThat(DisconnectReason.plain(null)).isEmpty();
    }

    @Test
    void noCodeEverAppearsInWhatIsShown() {
        for (int code : new int[] {1000, 1001, 1006, 1008, 1009, 1011, 4000, 4001, 4003}) {
            assertThat(DisconnectReason.describe(code, null)).doesNotContain(String.valueOf(code));
        }
    }
}
