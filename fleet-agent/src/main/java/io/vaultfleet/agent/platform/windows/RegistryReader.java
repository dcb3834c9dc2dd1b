package io.vaultfleet.agent.platform.windows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads {@code HKEY_LOCAL_MACHINE}. Keys are written without the hive, as in
 * {@code SOFTWARE\Microsoft\Windows NT\CurrentVersion}. The real one is {@link JnaRegistryReader}; tests read
 * recorded {@code reg query} output, so everything that reads the registry is only tested with recorded outputs here.
 */
public interface RegistryReader {
    boolean keyExists(String key);

    /** A REG_SZ / REG_EXPAND_SZ value, empty when the key or the value is missing. */
    Optional<String> string(String key, String name);

    /** A REG_DWORD value, empty when missing. */
    OptionalInt dword(String key, String name);

    /** A REG_MULTI_SZ value, empty when missing. */
    Optional<List<String>> multiString(String key, String name);
}
