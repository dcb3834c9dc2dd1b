package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

import io.vaultfleet.agent.platform.SecretProtection;

/**
 * Secrets on Windows: DPAPI in machine scope ({@code CryptProtectData} with {@code CRYPTPROTECT_LOCAL_MACHINE}),
 * with the file name as extra entropy so a blob copied to another secret's file does not decrypt there. The blob is
 * written to a temp file and moved into place; the agent home's ACL (install.ps1: SYSTEM and Administrators only)
 * guards who may ask DPAPI for it. Only tested with recorded outputs: tested here with a mock at the {@link Dpapi} seam.
 */
public final class DpapiSecretProtection implements SecretProtection {
    private static final byte[] MAGIC = "VFDPAPI1".getBytes(StandardCharsets.US_ASCII);

    private final Dpapi dpapi;

    public DpapiSecretProtection(Dpapi dpapi) {
        this.dpapi = dpapi;
    }

    public static DpapiSecretProtection machineScope() {
        return new DpapiSecretProtection(Dpapi.CRYPT32);
    }

    @Override
    public void store(Path file, byte[] secret) throws IOException {
        byte[] blob = dpapi.protect(secret, entropy(file), "VaultFleet agent " + file.getFileName());
        byte[] content = new byte[MAGIC.length + blob.length];
        System.arraycopy(MAGIC, 0, content, 0, MAGIC.length);
        System.arraycopy(blob, 0, content, MAGIC.length, blob.length);
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + file.getFileName() + ".tmp");
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public byte[] load(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        if (content.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(content, MAGIC.length), MAGIC)) {
            throw new IOException(file + " is not a DPAPI-protected VaultFleet secret");
        }
        try {
            return dpapi.unprotect(Arrays.copyOfRange(content, MAGIC.length, content.length), entropy(file));
        } catch (RuntimeException e) {
            throw new IOException(file + " cannot be decrypted on this machine (DPAPI: " + e.getMessage()
                    + "); a secret protected on another machine or after a reinstall of Windows must be entered again", e);
        }
    }

    private static byte[] entropy(Path file) {
        return ("vaultfleet:" + file.getFileName()).getBytes(StandardCharsets.UTF_8);
    }
}
