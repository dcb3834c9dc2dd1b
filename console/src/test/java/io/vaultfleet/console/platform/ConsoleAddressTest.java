package io.vaultfleet.console.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The console URL in what the console hands out never comes from a caller's {@code Host} header. */
class ConsoleAddressTest {
    private static ConsoleAddress address(String publicUrl, List<String> allowed) {
        return new ConsoleAddress(new ConsoleProperties(Path.of("data"), publicUrl, allowed));
    }

    @Test
    void thePublicUrlWinsOverWhateverTheRequestSays() {
        ConsoleAddress address = address("https://backup.example.com/", null);
        assertThat(address.configured()).hasValue(URI.create("https://backup.example.com"));
        assertThat(address.forDownload("http://evil.example:8080")).isEqualTo(URI.create("https://backup.example.com"));
        assertThat(address.forDownload(null)).isEqualTo(URI.create("https://backup.example.com"));
    }

    @Test
    void withoutAPublicUrlAForeignHostHeaderIsRefusedWithTheFix() {
        ConsoleAddress address = address("", null);
        assertThat(address.configured()).isEmpty();
        assertThatThrownBy(() -> address.forDownload("http://evil.example:8080"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'evil.example'").hasMessageContaining("vaultfleet.public-url")
                .hasMessageContaining("vaultfleet.allowed-hosts");
        assertThatThrownBy(() -> address.forDownload("http://localhost.evil.example:8080"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> address.forDownload("not a url\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> address.forDownload((String) null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void thisMachineWorksOutOfTheBoxOnTheRealPort() {
        ConsoleAddress address = address(null, null);
        assertThat(address.forDownload("http://127.0.0.1:8080")).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(address.forDownload("http://LOCALHOST:8080")).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(address.forDownload("http://[::1]:8080")).isEqualTo(URI.create("http://[::1]:8080"));
        assertThat(address.forDownload("http", "localhost", 9090)).isEqualTo(URI.create("http://localhost:9090"));
        assertThat(address.forDownload("http://localhost:8080/console")).isEqualTo(URI.create("http://localhost:8080/console"));
    }

    @Test
    void theAllowListCanNameTheConsolesOwnHostNames() {
        ConsoleAddress address = address("", List.of("backup01", "backup01.corp.example"));
        assertThat(address.forDownload("https://backup01.corp.example:8443"))
                .isEqualTo(URI.create("https://backup01.corp.example:8443"));
        assertThatThrownBy(() -> address.forDownload("http://localhost:8080")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aPublicUrlThatIsNotAnHttpAddressStopsTheConsoleWithTheReason() {
        for (String bad : List.of("backup.example.com", "ftp://backup.example.com", "https://user:pw@backup.example.com",
                "https://backup.example.com/?x=1", "http://")) {
            assertThatThrownBy(() -> address(bad, null)).as(bad).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("vaultfleet.public-url");
        }
    }
}
