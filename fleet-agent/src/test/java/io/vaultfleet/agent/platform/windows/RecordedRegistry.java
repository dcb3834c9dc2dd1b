package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** A {@link RegistryReader} over recorded {@code reg query} output (fixtures under registry/). */
final class RecordedRegistry implements RegistryReader {
    private static final String HKLM = "HKEY_LOCAL_MACHINE\\";

    private final Set<String> keys = new HashSet<>();
    private final Map<String, String[]> values = new HashMap<>(); // key|name -> {type, data}

    static RecordedRegistry of(String... fixtures) {
        RecordedRegistry registry = new RecordedRegistry();
        for (String fixture : fixtures) {
            registry.load(fixture);
        }
        return registry;
    }

    private void load(String fixture) {
        try (InputStream in = RecordedRegistry.class.getResourceAsStream("registry/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture registry/" + fixture);
            }
            String key = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n")) {
                if (line.startsWith(HKLM)) {
                    key = norm(line.substring(HKLM.length()).strip());
                    keys.add(key);
                } else if (line.startsWith("    ") && key != null && !line.isBlank()) {
                    String[] parts = line.strip().split(" {4}", 3);
                    values.put(key + "|" + parts[0].toLowerCase(Locale.ROOT),
                            new String[] {parts[1], parts.length > 2 ? parts[2] : ""});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String norm(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    private Optional<String[]> value(String key, String name) {
        return Optional.ofNullable(values.get(norm(key) + "|" + name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public boolean keyExists(String key) {
        return keys.contains(norm(key));
    }

    @Override
    public Optional<String> string(String key, String name) {
        return value(key, name).filter(v -> v[0].equals("REG_SZ") || v[0].equals("REG_EXPAND_SZ")).map(v -> v[1]);
    }

    @Override
    public OptionalInt dword(String key, String name) {
        return value(key, name).filter(v -> v[0].equals("REG_DWORD"))
                .map(v -> OptionalInt.of(Integer.parseUnsignedInt(v[1].substring(2), 16))).orElse(OptionalInt.empty());
    }

    @Override
    public Optional<List<String>> multiString(String key, String name) {
        return value(key, name).filter(v -> v[0].equals("REG_MULTI_SZ"))
                .map(v -> Arrays.asList(v[1].replaceAll("(\\\\0)+$", "").split("\\\\0", -1)));
    }
}
