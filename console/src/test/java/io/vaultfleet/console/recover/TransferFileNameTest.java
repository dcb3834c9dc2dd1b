package io.vaultfleet.console.recover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The agent's {@code X-VaultFleet-File-Name}: percent-encoded UTF-8 (RFC 3986), one name, nothing odd. */
class TransferFileNameTest {
    @Test
    void decodesPercentEncodedUtf8WithPlusAsAPlus() {
        assertThat(RecoveryDownloadEndpoint.fileName("r%C3%A9sum%C3%A9%201+1.bin")).isEqualTo("résumé 1+1.bin");
        assertThat(RecoveryDownloadEndpoint.fileName("data.zip")).isEqualTo("data.zip");
    }

    @Test
    void refusesWhatIsNotOneUsableName() {
        assertThat(RecoveryDownloadEndpoint.fileName(null)).isNull();
        assertThat(RecoveryDownloadEndpoint.fileName("")).isNull();
        assertThat(RecoveryDownloadEndpoint.fileName("%20%20")).as("blank").isNull();
        assertThat(RecoveryDownloadEndpoint.fileName("..%2Fetc%2Fpasswd")).as("a path").isNull();
        assertThat(RecoveryDownloadEndpoint.fileName("a%5Cb")).as("a Windows path").isNull();
        assertThat(RecoveryDownloadEndpoint.fileName("evil%0D%0AX-Header: 1")).as("control characters").isNull();
        assertThat(RecoveryDownloadEndpoint.fileName("bad%ZZescape")).as("malformed escape").isNull();
        assertThat(RecoveryDownloadEndpoint.fileName("x".repeat(4000))).as("too long").isNull();
    }
}
