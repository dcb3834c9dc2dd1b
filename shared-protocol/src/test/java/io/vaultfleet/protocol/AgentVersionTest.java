package io.vaultfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentVersionTest {
    @Test
    void comparesNumbersNumerically() {
        assertThat(AgentVersion.parse("0.10.0")).isGreaterThan(AgentVersion.parse("0.9.9"));
        assertThat(AgentVersion.parse("2.0.9083")).isGreaterThan(AgentVersion.parse("2.0.999"));
        assertThat(AgentVersion.parse("1.0.0").compareTo(AgentVersion.parse("1.0.0"))).isZero();
    }

    @Test
    void aSnapshotComesBeforeItsRelease() {
        assertThat(AgentVersion.parse("0.2.0-SNAPSHOT").isBelow(AgentVersion.parse("0.2.0"))).isTrue();
        assertThat(AgentVersion.parse("0.2.0-SNAPSHOT").isBelow(AgentVersion.parse("0.1.9"))).isFalse();
        assertThat(AgentVersion.parse("0.2.0-SNAPSHOT")).hasToString("0.2.0-SNAPSHOT");
    }

    @Test
    void rejectsTextThatIsNotAVersion() {
        assertThatThrownBy(() -> AgentVersion.parse("latest")).hasMessageContaining("not a version like 1.2.3");
        assertThatThrownBy(() -> AgentVersion.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWelcomeSaysWhichAgentsMustUpgrade() {
        Welcome welcome = new Welcome("s", 15, "0.3.0", "0.2.0", "0.3.0");
        assertThat(welcome.requiresUpgrade("0.1.5")).isTrue();
        assertThat(welcome.requiresUpgrade("0.2.0")).isFalse();
        assertThat(welcome.requiresUpgrade("garbage")).isTrue();
        assertThatThrownBy(() -> new Welcome("s", 15, "0.3.0", "newest", "0.3.0")).hasMessageContaining("not a version");
    }
}
