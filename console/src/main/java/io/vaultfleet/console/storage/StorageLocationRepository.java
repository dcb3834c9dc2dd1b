package io.vaultfleet.console.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.console.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class StorageLocationRepository {
    private static final String SELECT = """
            select l.*, p.name as paired_name from storage_location l
            left join storage_location p on p.id = l.paired_location_id""";
    private final JdbcClient jdbc;
    private final Clock clock;

    StorageLocationRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A location with its sealed credential, for this package only. */
    record Stored(StorageLocation location, String credentialSealed) {
    }

    List<StorageLocation> findAll() {
        return jdbc.sql(SELECT + " order by l.name_key").query((rs, n) -> map(rs).location()).list();
    }

    Optional<Stored> find(UUID id) {
        return jdbc.sql(SELECT + " where l.id = :id").param("id", id).query((rs, n) -> map(rs)).optional();
    }

    Optional<StorageLocation> findByName(String name) {
        return jdbc.sql(SELECT + " where l.name_key = :key").param("key", name.toLowerCase(Locale.ROOT))
                .query((rs, n) -> map(rs).location()).optional();
    }

    long count() {
        return jdbc.sql("select count(*) from storage_location").query(Long.class).single();
    }

    void insert(UUID id, StorageLocationForm f, String sealedCredential) {
        jdbc.sql("""
                insert into storage_location (id, name, name_key, display_name, kind, folder_path, account_url,
                                              credential_sealed, paired_location_id, created_at)
                values (:id, :name, :key, :display, :kind, :folder, :url, :cred, :pair, :now)""")
                .param("id", id).param("name", f.name().trim()).param("key", f.name().trim().toLowerCase(Locale.ROOT))
                .param("display", f.displayName().trim()).param("kind", f.kind().name())
                .param("folder", f.kind() == StorageKind.FOLDER ? f.folderPath().trim() : null)
                .param("url", f.kind() == StorageKind.AZURE_BLOB ? f.accountUrl().trim() : null)
                .param("cred", sealedCredential).param("pair", f.pairedLocationId())
                .param("now", Timestamps.toDb(clock.instant())).update();
    }

    void update(UUID id, StorageLocationForm f, String sealedCredential) {
        jdbc.sql("""
                update storage_location set display_name = :display, kind = :kind, folder_path = :folder,
                       account_url = :url, credential_sealed = :cred, paired_location_id = :pair where id = :id""")
                .param("id", id).param("display", f.displayName().trim()).param("kind", f.kind().name())
                .param("folder", f.kind() == StorageKind.FOLDER ? f.folderPath().trim() : null)
                .param("url", f.kind() == StorageKind.AZURE_BLOB ? f.accountUrl().trim() : null)
                .param("cred", sealedCredential).param("pair", f.pairedLocationId()).update();
    }

    private static Stored map(ResultSet rs) throws SQLException {
        String sealed = rs.getString("credential_sealed");
        return new Stored(new StorageLocation(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getString("display_name"), StorageKind.valueOf(rs.getString("kind")), rs.getString("folder_path"),
                rs.getString("account_url"), sealed != null, rs.getObject("paired_location_id", UUID.class),
                rs.getString("paired_name")), sealed);
    }
}
