package io.vaultfleet.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNamesTest {
    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void bytesThatAreNotUtf8SurviveAsEscapesAndComeBackExactly() {
        byte[] cafe = hex("636166e9"); // "caf\xe9" (Latin-1)
        String name = FileNames.fromPosixBytes(cafe, 0, cafe.length);
        assertThat(name).isEqualTo("caf\uDCE9");
        assertThat(FileNames.posixBytes(name)).isEqualTo(cafe);
        assertThat(FileNames.display(name)).isEqualTo("caf\\xe9");
        byte[] utf8 = "café €𝄞".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(FileNames.fromPosixBytes(utf8, 0, utf8.length)).isEqualTo("café €𝄞");
        // an encoded surrogate (ED A0 80) is not UTF-8: three escaped bytes
        byte[] surrogate = hex("eda080");
        assertThat(FileNames.fromPosixBytes(surrogate, 0, 3)).isEqualTo("\uDCED\uDCA0\uDC80");
    }

    @Test
    void everyByteStringRoundTrips() {
        Random random = new Random(15);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[random.nextInt(12)];
            random.nextBytes(b);
            String name = FileNames.fromPosixBytes(b, 0, b.length);
            assertThat(FileNames.posixBytes(name)).as("bytes %s", HexFormat.of().formatHex(b)).isEqualTo(b);
        }
    }

    @Test
    void windowsNamesWithLoneSurrogatesRoundTripThroughWtf8() {
        for (String name : List.of("C:\\data\\a\uD800b", "C:\\x\uDC00", "\uDBFF", "pair \uD834\uDD1E ok", "plain")) {
            byte[] stored = FileNames.wtf8(name);
            assertThat(FileNames.fromWtf8(stored, 0, stored.length)).isEqualTo(name);
        }
        assertThat(FileNames.wtf8("a\uD800")).isEqualTo(hex("61eda080"));
        assertThat(FileNames.display("a\uD800b")).isEqualTo("a\\uD800b");
        assertThatThrownBy(() -> FileNames.fromWtf8(hex("61ff"), 0, 2)).hasMessageContaining("not WTF-8");
        assertThatThrownBy(() -> FileNames.fromWtf8(hex("c0af"), 0, 2)).hasMessageContaining("not WTF-8");
    }

    @Test
    void orderIsByteWiseComponentByComponent() {
        List<String> names = new ArrayList<>(List.of("/d/a b", "/d/a/x", "/d/a", "/d/caf\uDCE9", "/d/caf\u00e9",
                "/d/caf\uDC80", "/d/Z", "/d/\uD834\uDD1E", "/d/\uFFFD"));
        names.sort(FileNames.ORDER);
        // "a" then its children, then "a b"; 0x80 < 0xC3 (é) < 0xE9 < 0xEF (U+FFFD) < 0xF0 (U+1D11E)
        assertThat(names).containsExactly("/d/Z", "/d/a", "/d/a/x", "/d/a b", "/d/caf\uDC80", "/d/caf\u00e9",
                "/d/caf\uDCE9", "/d/\uFFFD", "/d/\uD834\uDD1E");
        assertThat(FileNames.Encoding.WTF8.compare("C:\\a\\b", "C:\\a b")).isNegative();
    }

    @Test
    void pathsWithSuchNamesAreMadeAndReadExactly(@TempDir Path dir) throws Exception {
        assertThat(FileNames.exact()).as(FileNames.unavailableReason()).isTrue();
        Path a = Files.writeString(dir.resolve(FileNames.path("bad_\uDCFF\uDCFE_name")), "a");
        Path b = Files.writeString(dir.resolve(FileNames.path("bad_\uDCFE\uDCFF_name")), "b");
        assertThat(a).isNotEqualTo(b);
        try (Stream<Path> list = Files.list(dir)) {
            assertThat(list.map(p -> FileNames.name(p.getFileName())))
                    .containsExactlyInAnyOrder("bad_\uDCFF\uDCFE_name", "bad_\uDCFE\uDCFF_name");
        }
        assertThat(FileNames.bytes(a.getFileName())).isEqualTo(hex("6261645ffffe5f6e616d65"));
        assertThat(FileNames.path(FileNames.name(a))).isEqualTo(a);
        assertThatThrownBy(() -> FileNames.path("nul\u0000byte")).hasMessageContaining("NUL");
    }

    /** The comparator's shortcuts agree with comparing the stored bytes, whatever the characters. */
    @Test
    void orderAgreesWithTheStoredBytesOnRandomNames() {
        String[] pieces = {"/", "\\", "a", "b", " ", "\u00e9", "\u00ff", "\u0100", "\uFFFD", "\uD834\uDD1E", "\uDC80",
                "\uDCC3", "\uDCFF", "\uD800", "\uDBFF", "\uDC00"};
        Random random = new Random(19);
        for (FileNames.Encoding encoding : FileNames.Encoding.values()) {
            for (int i = 0; i < 20_000; i++) {
                String a = randomName(random, pieces);
                String b = random.nextInt(4) == 0 ? a + randomName(random, pieces) : randomName(random, pieces);
                int expected = Integer.signum(storedCompare(encoding.encode(a), encoding.encode(b),
                        encoding == FileNames.Encoding.POSIX_BYTES ? '/' : '\\'));
                assertThat(Integer.signum(encoding.compare(a, b))).as("%s: %s vs %s", encoding, FileNames.display(a),
                        FileNames.display(b)).isEqualTo(expected);
            }
        }
    }

    static String randomName(Random random, String[] pieces) {
        StringBuilder sb = new StringBuilder();
        for (int k = random.nextInt(6); k > 0; k--) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        return sb.toString();
    }

    static int storedCompare(byte[] a, byte[] b, int separator) {
        for (int k = 0; k < Math.min(a.length, b.length); k++) {
            if (a[k] != b[k]) {
                int x = a[k] == separator ? -1 : a[k] & 0xff;
                int y = b[k] == separator ? -1 : b[k] & 0xff;
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
