package io.vaultfleet.console.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
    @Test
    void theConsolesOwnHostAndLinkLocalAddressesAreRefused() {
        for (String url : new String[] {"http://127.0.0.1:8080/x", "http://localhost/x", "http://[::1]/x",
                "http://[::ffff:127.0.0.1]/x", "http://2130706433/x"}) {
            assertThat(WebhookTargets.refusal(url, false)).as(url).hasValueSatisfying(
                    why -> assertThat(why).contains("this console's own host").contains("webhook-allow-loopback"));
            assertThat(WebhookTargets.refusal(url, true)).as(url + " with loopback allowed").isEmpty();
        }
        for (String url : new String[] {"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/x"}) {
            assertThat(WebhookTargets.refusal(url, true)).as(url).hasValueSatisfying(
                    why -> assertThat(why).contains("link-local"));
        }
        assertThat(WebhookTargets.refusal("http://0.0.0.0/x", true)).hasValueSatisfying(
                why -> assertThat(why).contains("unspecified"));
        assertThat(WebhookTargets.refusal("http://224.0.0.1/x", true)).hasValueSatisfying(
                why -> assertThat(why).contains("multicast"));
    }

    @Test
    void privateNetworksAndNamesThatDoNotResolveArePassed() {
        assertThat(WebhookTargets.refusal("https://10.1.2.3/hooks", false)).isEmpty();
        assertThat(WebhookTargets.refusal("https://192.168.10.20:8443/hooks", false)).isEmpty();
        assertThat(WebhookTargets.refusal("https://[fd00::5]/hooks", false)).isEmpty();
        // not resolvable now: the call itself will fail and be retried, the URL is not refused for it
        assertThat(WebhookTargets.refusal("https://hooks.contoso.test/vaultfleet", false)).isEmpty();
    }
}
