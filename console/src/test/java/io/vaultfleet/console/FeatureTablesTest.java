package io.vaultfleet.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The data half of the feature boundaries that {@link ModularityTest} checks for code: a feature's SQL names only
 * the tables that feature owns. A table's owner is the one feature whose main code inserts into it; any other
 * feature reads it through the owner's API (or an interface the owner implements, such as fleet's
 * {@code ServerActivity}), or through the read model ({@code readmodel}: the queries truly about several features),
 * which reads any table and writes none. The test reads the SQL in string literals and text blocks of
 * {@code src/main/java}, comments left out, and the table names from the Flyway migrations.
 */
class FeatureTablesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/vaultfleet/console");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** The read model (decision 028): it reads any feature's tables, writes none, and uses identity and platform only. */
    private static final String READ_MODEL = "readmodel";
    /** What the read model may import of the console: the reach and scope types, and the platform. */
    private static final Set<String> READ_MODEL_MAY_USE = Set.of("identity", "platform", READ_MODEL);

    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    private static final Pattern INSERT = Pattern.compile("(?i)\\binsert\\s+into\\s+(\\w+)");
    private static final Pattern TABLE_USE = Pattern.compile("(?i)\\b(?:from|join|into|update)\\s+(\\w+)");
    /** Any statement that changes a table (in SQL text). */
    private static final Pattern WRITE = Pattern.compile(
            "(?i)\\b(?:insert\\s+into|update|delete\\s+from|merge\\s+into|truncate\\s+table)\\s+(\\w+)");
    /** Calls that run a changing statement through Spring's JDBC clients. */
    private static final Pattern WRITE_CALL = Pattern.compile("\\.(?:update|batchUpdate|execute)\\s*\\(");
    private static final Pattern CONSOLE_IMPORT = Pattern.compile("io\\.vaultfleet\\.console\\.(\\w+)\\.");
    /**
     * One left-to-right pass over the code: text blocks, string literals, comments and char literals, so that a
     * "//" inside a string or a quote inside a comment is read as what it is. Only the first two count.
     */
    private static final Pattern TOKEN = Pattern.compile(
            "\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"|/\\*.*?\\*/|//[^\\n]*|'(?:[^'\\\\]|\\\\.)'",
            Pattern.DOTALL);

    @Test
    void eachFeatureWritesItsOwnTablesOnly() {
        Map<String, Set<String>> writers = tablesByFeature(INSERT);
        Map<String, Set<String>> ownersOf = invert(writers);
        Map<String, Set<String>> sharedWrites = new TreeMap<>();
        ownersOf.forEach((table, features) -> {
            if (features.size() > 1) {
                sharedWrites.put(table, features);
            }
        });
        assertThat(sharedWrites).as("tables inserted into by more than one feature (one feature owns a table)")
                .isEmpty();
    }

    @Test
    void noFeatureReadsAnotherFeaturesTables() {
        Map<String, String> owner = new TreeMap<>();
        invert(tablesByFeature(INSERT)).forEach((table, features) -> owner.put(table, features.iterator().next()));
        Map<String, Set<String>> crossReads = new TreeMap<>();
        tablesByFeature(TABLE_USE).forEach((feature, tables) -> tables.stream()
                .filter(table -> !feature.equals(READ_MODEL))
                .filter(table -> owner.containsKey(table) && !owner.get(table).equals(feature))
                .forEach(table -> crossReads.computeIfAbsent(feature, f -> new TreeSet<>()).add(table + " (owned by "
                        + owner.get(table) + ")")));

        assertThat(crossReads).as("SQL on another feature's tables: read them through the owning feature's API, an"
                + " interface that it implements (see fleet.ServerActivity, vault.VaultActivity, identity.VaultPlaces),"
                + " or, for a query truly about several features, the read model (package " + READ_MODEL + ")")
                .isEmpty();
    }

    @Test
    void theReadModelReadsOtherFeaturesTablesAndWritesNone() {
        assertThat(tablesByFeature(TABLE_USE).get(READ_MODEL)).as("tables the read model reads")
                .contains("registered_server", "backup_job", "vault", "subscription", "recovery_point");
        assertThat(tablesByFeature(WRITE).getOrDefault(READ_MODEL, Set.of()))
                .as("tables the read model changes: it only reads; a change belongs to the table's owner").isEmpty();
        Map<String, Set<String>> writeCalls = new TreeMap<>();
        Map<String, Set<String>> features = new TreeMap<>();
        readModelSources().forEach((file, code) -> {
            Matcher call = WRITE_CALL.matcher(withoutComments(code));
            while (call.find()) {
                writeCalls.computeIfAbsent(file, f -> new TreeSet<>()).add(call.group());
            }
            Matcher use = CONSOLE_IMPORT.matcher(withoutComments(code));
            while (use.find()) {
                if (!READ_MODEL_MAY_USE.contains(use.group(1))) {
                    features.computeIfAbsent(file, f -> new TreeSet<>()).add(use.group(1));
                }
            }
        });
        assertThat(writeCalls).as("JDBC calls that run changing statements in the read model").isEmpty();
        assertThat(features).as("features the read model uses: it depends on identity and platform only, so that"
                + " every feature may use it without a cycle").isEmpty();
    }

    @Test
    void theWriteScanFindsEveryKindOfChange() {
        Set<String> tables = Set.of("vault", "backup_job", "registered_server", "recovery_point", "vault_alert");
        assertThat(tablesIn("""
                String a = "insert into vault (id) values (1)";
                String b = "update backup_job set status = 'X'";
                String c = \"""
                        delete from registered_server where id = :id\""";
                String d = "merge into recovery_point key (id) values (1)";
                String e = "select v.* from vault_alert v where v.id in (select id from vault)";
                """, WRITE, tables)).containsExactlyInAnyOrder("vault", "backup_job", "registered_server",
                "recovery_point");
    }

    @Test
    void fleetAndVaultReadNoOtherFeaturesTables() {
        // issue 18 named these two
        assertThat(tablesByFeature(TABLE_USE).get("fleet")).isNotEmpty()
                .doesNotContain("vault", "backup_job", "vault_alert");
        assertThat(tablesByFeature(TABLE_USE).get("vault")).isNotEmpty()
                .doesNotContain("subscription", "resource_group", "storage_location", "recovery_point", "backup_job",
                        "vault_alert");
    }

    @Test
    void theScanFindsSqlInLiteralsAndTextBlocksButNotInComments() {
        String code = """
                // the jobs read from vault_alert here? no: a comment
                /* select * from backup_job */
                String a = "select id from registered_server where x = 1"; // "from vault_alert" in a comment
                String url = "http://host/x"; char q = '"'; String c = "from backup_job"; // a quote: "
                String b = \"""
                        select v.* from vault v
                        join protected_item p on p.vault_id = v.id\""";
                """;
        assertThat(tablesIn(code, TABLE_USE, Set.of("vault_alert", "backup_job", "registered_server", "vault",
                "protected_item"))).containsExactlyInAnyOrder("registered_server", "backup_job", "vault", "protected_item");
    }

    /** The read model's sources, by file name. */
    private static Map<String, String> readModelSources() {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES.resolve(READ_MODEL))) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> sources.put(f.getFileName().toString(), read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(sources).as("sources of the read model").isNotEmpty();
        return sources;
    }

    /** The code with its comments blanked out (string literals kept). */
    private static String withoutComments(String code) {
        Matcher token = TOKEN.matcher(code);
        StringBuilder out = new StringBuilder();
        while (token.find()) {
            String text = token.group();
            token.appendReplacement(out, Matcher.quoteReplacement(text.startsWith("/") ? " " : text));
        }
        token.appendTail(out);
        return out.toString();
    }

    private static Set<String> tables() {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            files.filter(f -> f.toString().endsWith(".sql")).forEach(f -> {
                Matcher m = CREATE_TABLE.matcher(read(f));
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(tables).as("tables found in " + MIGRATIONS.toAbsolutePath()).hasSizeGreaterThan(10);
        return tables;
    }

    /** For each feature package, the known tables that its main code's SQL names in the given way. */
    private static Map<String, Set<String>> tablesByFeature(Pattern use) {
        Set<String> tables = tables();
        Map<String, Set<String>> byFeature = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                Path relative = SOURCES.relativize(f);
                if (relative.getNameCount() < 2) {
                    return; // the application class itself
                }
                byFeature.computeIfAbsent(relative.getName(0).toString(), k -> new TreeSet<>())
                        .addAll(tablesIn(read(f), use, tables));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byFeature;
    }

    private static Set<String> tablesIn(String code, Pattern use, Set<String> tables) {
        Set<String> found = new TreeSet<>();
        Matcher token = TOKEN.matcher(code);
        while (token.find()) {
            String text = token.group(1) != null ? token.group(1) : token.group(2);
            if (text == null) {
                continue; // a comment or a char literal
            }
            Matcher m = use.matcher(text);
            while (m.find()) {
                String name = m.group(1).toLowerCase();
                if (tables.contains(name)) {
                    found.add(name);
                }
            }
        }
        return found;
    }

    private static Map<String, Set<String>> invert(Map<String, Set<String>> byFeature) {
        Map<String, Set<String>> inverted = new TreeMap<>();
        byFeature.forEach((feature, tables) -> tables.forEach(
                table -> inverted.computeIfAbsent(table, t -> new TreeSet<>()).add(feature)));
        return inverted;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
