package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DPAPI with a mock at the {@link Dpapi} seam (Crypt32 cannot run here). */
class DpapiSecretProtectionTest {
    @TempDir
    Path home;

    /**
     * Stands in for Crypt32: the blob is the entropy's length and hash, then the data XOR the entropy; unprotect with
     * other entropy fails as CryptUnprotectData does. Remembers what it was asked.
     */
    static class MockDpapi implements Dpapi {
        final List<String> descriptions = new ArrayList<>();

        @Override
        public byte[] protect(byte[] data, byte[] entropy, String description) {
            descriptions.add(description);
            byte[] body = xor(data, entropy);
            byte[] blob = new byte[4 + body.length];
            java.nio.ByteBuffer.wrap(blob).putInt(Arrays.hashCode(entropy)).put(body);
            return blob;
        }

        @Override
        public byte[] unprotect(byte[] blob, byte[] entropy) {
            if (java.nio.ByteBuffer.wrap(blob).getInt() != Arrays.hashCode(entropy)) {
                throw new IllegalStateException("The data is invalid.");
            }
            return xor(Arrays.copyOfRange(blob, 4, blob.length), entropy);
        }

        private static byte[] xor(byte[] data, byte[] key) {
            byte[] out = Arrays.copyOf(data, data.length);
            for (int i = 0; i < out.length; i++) {
                out[i] ^= key[i % key.length];
            }
            return out;
        }
    }

    private final MockDpapi dpapi = new MockDpapi();
    private final DpapiSecretProtection protection = new DpapiSecretProtection(dpapi);

    @Test
    void storesOnlyTheProtectedBlobAndReadsItBack() throws Exception {
        byte[] passphrase = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
        Path file = home.resolve("passphrase.dpapi");
        protection.store(file, passphrase);

        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).startsWith("VFDPAPI1").doesNotContain("horse");
        assertThat(protection.load(file)).isEqualTo(passphrase);
        assertThat(dpapi.descriptions).containsExactly("VaultFleet agent passphrase.dpapi");
    }

    @Test
    void theFileNameIsEntropySoABlobMovedToAnotherSecretDoesNotReadAsIt() throws Exception {
        protection.store(home.resolve("passphrase.dpapi"), "secret-one".getBytes(StandardCharsets.UTF_8));
        Files.copy(home.resolve("passphrase.dpapi"), home.resolve("agent-key.dpapi"));
        assertThatThrownBy(() -> protection.load(home.resolve("agent-key.dpapi"))).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void aBlobDpapiRefusesSaysItMustBeEnteredAgain() throws Exception {
        protection.store(home.resolve("passphrase.dpapi"), new byte[] {1, 2, 3});
        DpapiSecretProtection otherMachine = new DpapiSecretProtection(new MockDpapi() {
            @Override
            public byte[] unprotect(byte[] blob, byte[] entropy) {
                throw new IllegalStateException("The data is invalid."); // what Crypt32Util throws carries this text
            }
        });
        assertThatThrownBy(() -> otherMachine.load(home.resolve("passphrase.dpapi")))
                .hasMessageContaining("cannot be decrypted on this machine").hasMessageContaining("entered again");
    }

    @Test
    void aFileThatIsNotOursIsRefused() throws Exception {
        Files.writeString(home.resolve("passphrase.dpapi"), "plain text");
        assertThatThrownBy(() -> protection.load(home.resolve("passphrase.dpapi"))).hasMessageContaining("not a DPAPI-protected");
    }
}
