package io.vaultfleet.console.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageLocationFormTest {
    private static StorageLocationForm blob(String url, String credential) {
        return new StorageLocationForm("westeurope", "West Europe", StorageKind.AZURE_BLOB, null, url, credential, null);
    }

    @Test
    void acceptsAnHttpsAccountWithACredential() {
        assertThat(blob("https://acct.blob.core.windows.net", "key==").problems(false)).isEmpty();
    }

    @Test
    void acceptsPlainHttpOnlyForAzuriteOnThisMachine() {
        assertThat(blob("http://127.0.0.1:10000/devstoreaccount1", "key==").problems(false)).isEmpty();
        assertThat(blob("http://acct.blob.core.windows.net", "key==").problems(false))
                .containsOnlyKeys("accountUrl");
    }

    @Test
    void refusesAnAccountUrlCarryingASasOrUser() {
        assertThat(blob("https://acct.blob.core.windows.net/?sv=2024&sig=x", "key==").problems(false))
                .containsOnlyKeys("accountUrl");
        assertThat(blob("https://me@acct.blob.core.windows.net", "key==").problems(false)).containsOnlyKeys("accountUrl");
    }

    @Test
    void requiresACredentialUnlessOneIsStored() {
        assertThat(blob("https://acct.blob.core.windows.net", "").problems(false)).containsOnlyKeys("credential");
        assertThat(blob("https://acct.blob.core.windows.net", "").problems(true)).isEmpty();
    }

    @Test
    void folderPathsMustBeAbsoluteOnLinuxOrWindows() {
        for (String ok : new String[] {"/srv/backup", "D:\\backup", "\\\\nas\\backup"}) {
            assertThat(new StorageLocationForm("nas", "NAS", StorageKind.FOLDER, ok, null, null, null).problems(false))
                    .as(ok).isEmpty();
        }
        assertThat(new StorageLocationForm("nas", "NAS", StorageKind.FOLDER, "backup", null, null, null).problems(false))
                .containsOnlyKeys("folderPath");
    }

    @Test
    void namesAreLowerCaseLettersDigitsAndHyphens() {
        assertThat(new StorageLocationForm("West_Europe", "W", StorageKind.FOLDER, "/x", null, null, null)
                .problems(false)).containsOnlyKeys("name");
    }

    @Test
    void neverPrintsTheCredential() {
        assertThat(blob("https://acct.blob.core.windows.net", "very-secret").toString())
                .doesNotContain("very-secret").contains("(hidden)");
    }
}
