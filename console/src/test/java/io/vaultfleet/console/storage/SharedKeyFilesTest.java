package io.vaultfleet.console.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.vaultfleet.console.platform.ConsoleProperties;
import io.vaultfleet.console.platform.DataFolder;

/**
 * Key files shared through the database (its Flyway script, on H2): a console that kept its keys only as files moves
 * them there on its first start, a node with an empty data folder takes them, and a node given another master key
 * stops with the error that names both keys.
 */
class SharedKeyFilesTest {
    private static final String KEY = "shared-key-files-test-master-key-0123456789";

    @TempDir
    Path dir;

    private JdbcClient jdbc;

    @BeforeEach
    void database() throws IOException {
        jdbc = JdbcClient.create(new DriverManagerDataSource(
                "jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        jdbc.sql(Files.readString(Path.of("src/main/resources/db/migration/V431__shared_key_files.sql"))).update();
    }

    private DataFolder folder(String name) {
        return new DataFolder(new ConsoleProperties(dir.resolve(name), "", null));
    }

    /** Starts the key beans of one node in the order the context does: pull, master key, secret box, push. */
    private SecretBox start(DataFolder data, String masterKey) {
        SharedKeyFiles shared = new SharedKeyFiles(jdbc, data, Clock.systemUTC());
        SecretBox box = new SecretBox(new MasterKey(data, masterKey, "", null, ""));
        shared.push();
        return box;
    }

    @Test
    void keysKeptAsFilesMoveToTheDatabaseAndReachANewNode() throws IOException {
        DataFolder first = folder("first");
        String sealed = start(first, KEY).seal("account key");
        byte[] file = Files.readAllBytes(first.resolve(MasterKey.SECRET_BOX_KEY));
        assertThat(jdbc.sql("select count(*) from console_key_file").query(Long.class).single()).isEqualTo(1);

        DataFolder second = folder("second");
        SecretBox onSecond = start(second, KEY);
        assertThat(onSecond.open(sealed)).isEqualTo("account key");
        assertThat(Files.readAllBytes(second.resolve(MasterKey.SECRET_BOX_KEY))).isEqualTo(file);
        assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("VFSEAL1\n");
    }

    @Test
    void theDatabasesCopyWinsOverADifferentLocalFile() {
        String sealed = start(folder("first"), KEY).seal("account key");
        DataFolder other = folder("other");
        SecretBox ownKey = new SecretBox(new MasterKey(other, KEY, "", null, ""));  // made alone, before joining
        assertThatThrownBy(() -> ownKey.open(sealed)).isInstanceOf(RuntimeException.class);

        assertThat(start(other, KEY).open(sealed)).isEqualTo("account key");
    }

    @Test
    void aNodeGivenAnotherMasterKeyStopsWithTheErrorNamingBoth() {
        start(folder("first"), KEY);
        assertThatThrownBy(() -> start(folder("wrong"), "a-different-master-key-of-at-least-32-chars"))
                .hasMessageContaining("is sealed with master key")
                .hasMessageContaining(MasterKey.PREVIOUS_ENV);
    }
}
