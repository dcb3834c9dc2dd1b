package io.vaultfleet.agent.platform.windows;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinReg;

/**
 * {@link RegistryReader} on {@code HKEY_LOCAL_MACHINE} through JNA's {@link Advapi32Util}, 64-bit view (the agent
 * runs on a 64-bit JVM on every supported Windows Server). Only tested with recorded outputs: the code paths that
 * use it are tested with recorded {@code reg query} values through the interface; this class itself cannot run here.
 */
public final class JnaRegistryReader implements RegistryReader {
    private static final WinReg.HKEY HKLM = WinReg.HKEY_LOCAL_MACHINE;

    @Override
    public boolean keyExists(String key) {
        return Advapi32Util.registryKeyExists(HKLM, key);
    }

    @Override
    public Optional<String> string(String key, String name) {
        return value(key, name).filter(String.class::isInstance).map(String.class::cast);
    }

    @Override
    public OptionalInt dword(String key, String name) {
        return value(key, name).filter(Integer.class::isInstance).map(v -> OptionalInt.of((Integer) v)).orElse(OptionalInt.empty());
    }

    @Override
    public Optional<List<String>> multiString(String key, String name) {
        return value(key, name).filter(String[].class::isInstance).map(v -> Arrays.asList((String[]) v));
    }

    private Optional<Object> value(String key, String name) {
        if (!Advapi32Util.registryKeyExists(HKLM, key) || !Advapi32Util.registryValueExists(HKLM, key, name)) {
            return Optional.empty();
        }
        return Optional.ofNullable(Advapi32Util.registryGetValue(HKLM, key, name));
    }
}
