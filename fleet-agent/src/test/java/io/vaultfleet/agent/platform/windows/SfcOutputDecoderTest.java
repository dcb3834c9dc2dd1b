package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SfcOutputDecoderTest {
    @Test
    void decodesUtf16LeWithAndWithoutBom() {
        byte[] plain = "Verification 5% complete.\r\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, plain);
        assertThat(SfcOutputDecoder.decode(plain)).isEqualTo("Verification 5% complete.\n");
        assertThat(SfcOutputDecoder.decode(withBom)).isEqualTo("Verification 5% complete.\n");
    }

    @Test
    void bareCarriageReturnsOfTheProgressBecomeLines() {
        byte[] bytes = "\rVerification 1% complete.\rVerification 2% complete.\r\n".getBytes(StandardCharsets.UTF_16LE);
        assertThat(SfcOutputDecoder.decode(bytes)).isEqualTo("\nVerification 1% complete.\nVerification 2% complete.\n");
    }

    @Test
    void keepsNonAsciiTextOfALocalisedSfc() {
        String german = "Der Windows-Ressourcenschutz hat keine Integritätsverletzungen gefunden.";
        assertThat(SfcOutputDecoder.decode(german.getBytes(StandardCharsets.UTF_16LE))).isEqualTo(german);
        String russian = "Защита ресурсов Windows не обнаружила нарушений целостности.";
        assertThat(SfcOutputDecoder.decode(concat("\r\n".getBytes(StandardCharsets.US_ASCII),
                russian.getBytes(StandardCharsets.UTF_16LE)))).isEqualTo("\n" + russian);
    }

    @Test
    void singleByteTextBetweenUtf16RunsIsRead() {
        byte[] mixed = concat("\r\n".getBytes(StandardCharsets.US_ASCII), "Beginning".getBytes(StandardCharsets.UTF_16LE),
                "\r\n".getBytes(StandardCharsets.US_ASCII), "done.".getBytes(StandardCharsets.UTF_16LE));
        assertThat(SfcOutputDecoder.decode(mixed)).isEqualTo("\nBeginning\ndone.");
    }

    @Test
    void plainAsciiIsReadAsIs() {
        assertThat(SfcOutputDecoder.decode("You must be an administrator\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("You must be an administrator\n");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
