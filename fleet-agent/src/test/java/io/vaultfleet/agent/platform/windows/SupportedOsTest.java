package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Recorded registry values of each Windows version give the right System State decision. */
class SupportedOsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            server-2012r2.reg.txt         | true  | Windows Server 2012 R2 Standard
            server-2016-core.reg.txt      | true  | Windows Server 2016 Datacenter (Server Core)
            server-2019-dc.reg.txt        | true  | Windows Server 2019 Standard
            server-2022.reg.txt           | true  | Windows Server 2022 Datacenter
            server-2025.reg.txt           | true  | Windows Server 2025 Standard
            windows-10-pro.reg.txt        | false | Windows 10 Pro
            windows-11-enterprise.reg.txt | false | Windows 11 Enterprise
            server-2008-sp2.reg.txt       | false | Windows Server (R) 2008 Standard Service Pack 2
            """)
    void decidesSystemStateFromRecordedRegistryValues(String fixture, boolean supported, String product) {
        SupportedOs.Decision decision = SupportedOs.decide(RecordedRegistry.of(fixture));
        assertThat(decision.systemStateSupported()).isEqualTo(supported);
        assertThat(decision.product()).isEqualTo(product);
        assertThat(decision.reason()).startsWith(product);
    }

    @Test
    void aClientIsToldSystemStateIsForWindowsServer() {
        assertThat(SupportedOs.decide(RecordedRegistry.of("windows-11-enterprise.reg.txt")).reason())
                .contains("client edition").contains("Windows Server 2012 R2 or later").contains("files and folders can be backed up");
    }

    @Test
    void server2008Sp2IsToldToUpgrade() {
        SupportedOs.Decision d = SupportedOs.decide(RecordedRegistry.of("server-2008-sp2.reg.txt"));
        assertThat(d.reason()).contains("(6.0.6002)").contains("older than Windows Server 2012 R2").contains("upgrade");
    }

    @Test
    void versionComesFromTheDwordsNotTheFrozenCurrentVersionString() {
        WindowsEdition os = WindowsEdition.read(RecordedRegistry.of("server-2022.reg.txt"));
        assertThat(os.version()).isEqualTo("10.0.20348");
        assertThat(WindowsEdition.read(RecordedRegistry.of("server-2012r2.reg.txt")).version()).isEqualTo("6.3.9600");
    }

    @Test
    void productTypeLanmanNtMarksADomainController() {
        assertThat(WindowsEdition.read(RecordedRegistry.of("server-2019-dc.reg.txt")).isDomainController()).isTrue();
        assertThat(WindowsEdition.read(RecordedRegistry.of("server-2022.reg.txt")).isDomainController()).isFalse();
    }

    @Test
    void aFutureServerBuildWithoutAYearInItsNameIsSupportedAndNamed() {
        var os = new WindowsEdition("Windows Server Datacenter", 10, 0, 30000, "Server", "ServerDatacenter", "", "ServerNT");
        SupportedOs.Decision d = SupportedOs.decide(os);
        assertThat(d.systemStateSupported()).isTrue();
        assertThat(d.product()).isEqualTo("Windows Server Datacenter (Windows Server 2025 or later)");
    }

    @Test
    void server2012WithoutR2IsNotSupported() {
        var os = new WindowsEdition("Windows Server 2012 Standard", 6, 2, 9200, "Server", "ServerStandard", "", "ServerNT");
        assertThat(SupportedOs.decide(os).systemStateSupported()).isFalse();
    }
}
