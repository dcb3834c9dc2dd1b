package io.vaultfleet.console.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.console.platform.ConsoleProperties;
import io.vaultfleet.console.platform.DataFolder;

/** Keys at rest: sealed with the master key, where it comes from, and rotation (a start with new and previous key). */
class MasterKeyTest {
    private static final String KEY_A = "a".repeat(20) + "-first-master-key-0123";
    private static final String KEY_B = "b".repeat(20) + "-second-master-key-456";

    @TempDir
    Path dir;

    private DataFolder data() {
        return new DataFolder(new ConsoleProperties(dir, "", null));
    }

    private MasterKey withEnv(String key, String previous) {
        return new MasterKey(data(), key, "", previous, "");
    }

    private byte[] stored(String name) throws Exception {
        return Files.readAllBytes(dir.resolve(name));
    }

    @Test
    void withNothingSetAKeyIsGeneratedOwnerOnlyAndKeyFilesAreSealedWithIt() throws Exception {
        MasterKey master = withEnv(null, null);
        assertThat(dir.resolve(MasterKey.GENERATED)).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(MasterKey.GENERATED))))
                .isEqualTo("rw-------");
        byte[] secret = "the credentials signing key".getBytes(StandardCharsets.UTF_8);
        master.write(MasterKey.CREDENTIALS_SIGNING_KEY, secret);
        assertThat(MasterKey.isSealed(stored(MasterKey.CREDENTIALS_SIGNING_KEY))).isTrue();
        assertThat(new String(stored(MasterKey.CREDENTIALS_SIGNING_KEY), StandardCharsets.ISO_8859_1))
                .doesNotContain("credentials signing");

        MasterKey restarted = withEnv(null, null);
        assertThat(restarted.keyId()).isEqualTo(master.keyId());
        assertThat(restarted.read(MasterKey.CREDENTIALS_SIGNING_KEY)).contains(secret);
        assertThat(restarted.read(MasterKey.AGENT_UPGRADE_KEY)).isEmpty();
    }

    @Test
    void aKeyFileKeptInTheClearBeforeIsSealedAtStart() throws Exception {
        byte[] plain = {1, 2, 3, 4, 5, 6, 7, 8};
        data().writeOwnerOnly(MasterKey.SECRET_BOX_KEY, plain);
        MasterKey master = withEnv(KEY_A, null);
        assertThat(MasterKey.isSealed(stored(MasterKey.SECRET_BOX_KEY))).isTrue();
        assertThat(master.read(MasterKey.SECRET_BOX_KEY)).contains(plain);
    }

    @Test
    void theEnvironmentKeyWinsOverTheFileAndTheFileOverTheGeneratedOne() throws Exception {
        Path file = Files.writeString(dir.resolve("master-key.txt"), KEY_B + "\n");
        String fromEnv = new MasterKey(data(), KEY_A, file.toString(), null, "").keyId();
        String fromFile = new MasterKey(data(), null, file.toString(), null, "").keyId();
        assertThat(fromEnv).isEqualTo(withEnv(KEY_A, null).keyId()).isNotEqualTo(fromFile);
        assertThat(fromFile).isEqualTo(withEnv(KEY_B, null).keyId());
        assertThat(dir.resolve(MasterKey.GENERATED)).doesNotExist();
    }

    @Test
    void aShortKeyIsRefusedWithTheRuleNotTheKey() {
        assertThatThrownBy(() -> withEnv("too-short-a-key", null))
                .hasMessageContaining("VAULTFLEET_MASTER_KEY is shorter than 32 characters")
                .hasMessageNotContaining("too-short-a-key");
    }

    @Test
    void theWrongKeySaysWhichKeySealedTheFilesAndHowToRotate() {
        MasterKey a = withEnv(KEY_A, null);
        a.write(MasterKey.CREDENTIALS_SIGNING_KEY, new byte[] {42});
        assertThatThrownBy(() -> withEnv(KEY_B, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is sealed with master key " + a.keyId())
                .hasMessageContaining(MasterKey.PREVIOUS_ENV);
    }

    @Test
    void rotationReSealsEveryKeyFileWithTheNewKeyAtStart() throws Exception {
        MasterKey a = withEnv(KEY_A, null);
        a.write(MasterKey.CREDENTIALS_SIGNING_KEY, new byte[] {1});
        a.write(MasterKey.AGENT_UPGRADE_KEY, new byte[] {2});
        a.write(MasterKey.SECRET_BOX_KEY, new byte[] {3});

        MasterKey b = withEnv(KEY_B, KEY_A);
        assertThat(b.keyId()).isNotEqualTo(a.keyId());
        // after that one start the previous key is no longer needed
        MasterKey onlyB = withEnv(KEY_B, null);
        assertThat(onlyB.read(MasterKey.CREDENTIALS_SIGNING_KEY)).contains(new byte[] {1});
        assertThat(onlyB.read(MasterKey.AGENT_UPGRADE_KEY)).contains(new byte[] {2});
        assertThat(onlyB.read(MasterKey.SECRET_BOX_KEY)).contains(new byte[] {3});
        assertThatThrownBy(() -> withEnv(KEY_A, null)).hasMessageContaining("is sealed with master key " + b.keyId());
    }

    @Test
    void movingFromTheGeneratedKeyToOwnKeyReSealsAndRemovesTheGeneratedOne() throws Exception {
        MasterKey generated = withEnv(null, null);
        generated.write(MasterKey.CREDENTIALS_SIGNING_KEY, new byte[] {7, 7});
        assertThat(dir.resolve(MasterKey.GENERATED)).exists();

        withEnv(KEY_A, null);
        assertThat(dir.resolve(MasterKey.GENERATED)).doesNotExist();
        assertThat(withEnv(KEY_A, null).read(MasterKey.CREDENTIALS_SIGNING_KEY)).contains(new byte[] {7, 7});
    }

    @Test
    void aTamperedSealedFileIsNamed() throws Exception {
        MasterKey a = withEnv(KEY_A, null);
        a.write(MasterKey.AGENT_UPGRADE_KEY, new byte[] {1, 2, 3});
        byte[] sealed = stored(MasterKey.AGENT_UPGRADE_KEY);
        sealed[sealed.length - 1] ^= 1;
        Files.write(dir.resolve(MasterKey.AGENT_UPGRADE_KEY), sealed);
        assertThatThrownBy(() -> withEnv(KEY_A, null))
                .hasMessageContaining(MasterKey.AGENT_UPGRADE_KEY + " does not open with master key")
                .hasMessageContaining("altered or damaged");
    }
}
