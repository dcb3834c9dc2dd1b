package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.store.FolderStore;

class KeyFileTest {
    static final RepoConfig.KdfDefaults CHEAP = new RepoConfig.KdfDefaults("argon2id", 1024, 1, 1);

    @TempDir
    Path dir;

    @Test
    void aWrongPassphraseIsReportedAsSuch() throws Exception {
        var store = new FolderStore(dir);
        Repository.init(store, "correct horse battery".toCharArray(), CHEAP, "host");
        assertThatThrownBy(() -> Repository.open(store, "wrong horse battery!!".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class).hasMessageContaining("wrong passphrase")
                .hasMessageNotContaining("wrong horse");
    }

    @Test
    void newRepositoriesDeriveWithNineteenMebibytesTwoPassesAndOlderOnesStillOpen() throws Exception {
        var store = new FolderStore(dir.resolve("new"));
        Repository created = Repository.init(store, "correct horse battery".toCharArray(),
                RepoConfig.KdfDefaults.recommended(), "host");
        var keyFile = Json.MAPPER.readTree(
                store.get(store.list(Repository.KEYS).getFirst().name()));
        assertThat(keyFile.at("/kdf/memoryKiB").asInt()).isEqualTo(19 * 1024);
        assertThat(keyFile.at("/kdf/iterations").asInt()).isEqualTo(2);
        assertThat(created.config().kdf().memoryKiB()).isEqualTo(19 * 1024);
        assertThat(Repository.open(store, "correct horse battery".toCharArray()).config().id())
                .isEqualTo(created.config().id());
        // a repository created before decision 039 (46 MiB, 1 pass) keeps and opens with what its key file says
        var old = new FolderStore(dir.resolve("old"));
        Repository.init(old, "correct horse battery".toCharArray(),
                new RepoConfig.KdfDefaults("argon2id", 46 * 1024, 1, 1), "host");
        Repository reopened = Repository.open(old, "correct horse battery".toCharArray());
        assertThat(reopened.config().kdf().memoryKiB()).isEqualTo(46 * 1024);
        assertThatThrownBy(() -> Repository.open(old, "wrong horse battery!!".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class);
    }

    @Test
    void changingThePassphraseRewrapsTheKeyOnly() throws Exception {
        var store = new FolderStore(dir);
        Repository repo = Repository.init(store, "first passphrase 123".toCharArray(), CHEAP, "host");
        byte[] sealed = repo.crypto().seal(SealKind.INDEX, new byte[] {1, 2, 3});
        byte[] configBefore = store.get(Repository.CONFIG);
        repo.changePassphrase("second passphrase 456".toCharArray(), "host");
        assertThat(store.list(Repository.KEYS)).hasSize(1);
        assertThat(store.get(Repository.CONFIG)).isEqualTo(configBefore);
        assertThatThrownBy(() -> Repository.open(store, "first passphrase 123".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class);
        Repository reopened = Repository.open(store, "second passphrase 456".toCharArray());
        assertThat(reopened.crypto().open(SealKind.INDEX, sealed)).containsExactly(1, 2, 3);
    }
}
