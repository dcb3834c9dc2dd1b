package io.vaultfleet.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.info.BuildProperties;

class AgentVersionPolicyTest {
    private static AgentVersionPolicy policy(String minimum, String consoleVersion) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        if (consoleVersion != null) {
            Properties p = new Properties();
            p.setProperty("version", consoleVersion);
            beans.registerSingleton("build", new BuildProperties(p));
        }
        AgentChannelProperties properties = new AgentChannelProperties(15, 3, 0, null, false, minimum);
        return new AgentVersionPolicy(properties, beans.getBeanProvider(BuildProperties.class));
    }

    @Test
    void flagsAgentsBelowTheMinimumAndBehindTheCurrentVersion() {
        AgentVersionPolicy policy = policy("0.2.0", "0.4.0");
        assertThat(policy.standingOf("0.1.9")).isEqualTo(AgentVersionPolicy.Standing.UPGRADE_REQUIRED);
        assertThat(policy.standingOf("0.3.1")).isEqualTo(AgentVersionPolicy.Standing.UPDATE_AVAILABLE);
        assertThat(policy.standingOf("0.4.0")).isEqualTo(AgentVersionPolicy.Standing.CURRENT);
        assertThat(policy.standingOf("weird")).isEqualTo(AgentVersionPolicy.Standing.UNKNOWN);
    }

    @Test
    void theCurrentVersionIsTheConsolesOwnAndNeverBelowTheMinimum() {
        assertThat(policy("0.1.0", "0.3.0-SNAPSHOT").current()).isEqualTo("0.3.0-SNAPSHOT");
        assertThat(policy("0.5.0", "0.3.0").current()).isEqualTo("0.5.0");
        assertThat(policy("0.1.0", null).current()).isEqualTo("0.1.0");
    }
}
