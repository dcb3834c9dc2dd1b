package io.vaultfleet.console.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.platform.DataFolder;

/**
 * The key that seals the console's keys at rest (credentials-signing key, agent upgrade key, the key of
 * {@link SecretBox}), so a copy of the data folder without the master key reveals none of them.
 * <p>
 * Where it comes from, first match wins: the environment variable {@value #ENV} (any text of at least 32
 * characters, e.g. {@code openssl rand -base64 32}); the file named by {@code vaultfleet.master-key-file}; else a key
 * generated on first start into {@code <data>/keys/master.key} (owner-only; said in the log), so the console works with
 * nothing set, but then a copy of the whole data folder includes the key.
 * <p>
 * Rotation: start the console once with the new key as {@value #ENV} (or the file) and the old one in
 * {@value #PREVIOUS_ENV} (or {@code vaultfleet.master-key-previous-file}): every key file sealed with the old key is
 * re-sealed with the new one at start ({@link #SEALED_FILES}). Moving from the generated key to a key of your own needs no previous key:
 * the generated {@code keys/master.key} is used as the previous one and removed once everything is re-sealed.
 * A sealed file: {@code "VFSEAL1\n"}, then the first 8 bytes of SHA-256 of the key (which key sealed it), a 12-byte
 * nonce, and AES-256-GCM of the content with the file's name as associated data.
 */
@Component
@DependsOn("sharedKeyFiles")
public class MasterKey {
    public static final String ENV = "VAULTFLEET_MASTER_KEY";
    public static final String PREVIOUS_ENV = "VAULTFLEET_MASTER_KEY_PREVIOUS";
    static final String GENERATED = "keys/master.key";
    /** The console's credentials-signing private key (PKCS#8). */
    public static final String CREDENTIALS_SIGNING_KEY = "keys/credentials-signing.key";
    /** The console's agent upgrade private key (PKCS#8). */
    public static final String AGENT_UPGRADE_KEY = "keys/agent-upgrade-signing.key";
    /** The AES key of {@link SecretBox}. */
    static final String SECRET_BOX_KEY = "keys/storage-secrets.key";
    /** Every file sealed with the master key: all are re-sealed at start when the key changed. */
    static final List<String> SEALED_FILES = List.of(CREDENTIALS_SIGNING_KEY, AGENT_UPGRADE_KEY,
            SECRET_BOX_KEY);
    private static final byte[] MAGIC = "VFSEAL1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int ID_LENGTH = 8;
    private static final int NONCE_LENGTH = 12;
    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);

    private final DataFolder data;
    private final SecureRandom random = new SecureRandom();
    private final Key current;
    private final Key previous;

    private record Key(byte[] aes, byte[] id, String source) {
        static Key of(String text, String source) {
            if (text == null || text.strip().length() < 32) {
                throw new IllegalStateException("the master key from " + source + " is shorter than 32 characters; "
                        + "use e.g. the output of 'openssl rand -base64 32'");
            }
            byte[] aes = sha256(("vaultfleet-master-key/v1\n" + text.strip()).getBytes(StandardCharsets.UTF_8));
            return new Key(aes, Arrays.copyOf(sha256(aes), ID_LENGTH), source);
        }

        String idHex() {
            return HexFormat.of().formatHex(id);
        }
    }

    @Autowired
    MasterKey(DataFolder data, @Value("${vaultfleet.master-key-file:}") String keyFile,
              @Value("${vaultfleet.master-key-previous-file:}") String previousFile) {
        this(data, System.getenv(ENV), keyFile, System.getenv(PREVIOUS_ENV), previousFile);
    }

    MasterKey(DataFolder data, String envKey, String keyFile, String envPrevious, String previousFile) {
        this.data = data;
        Path generated = data.resolve(GENERATED);
        if (envKey != null && !envKey.isBlank()) {
            current = Key.of(envKey, "the environment variable " + ENV);
        } else if (keyFile != null && !keyFile.isBlank()) {
            current = Key.of(read(Path.of(keyFile)), "the file " + keyFile + " (vaultfleet.master-key-file)");
        } else {
            if (!Files.exists(generated)) {
                byte[] raw = new byte[32];
                random.nextBytes(raw);
                data.writeOwnerOnly(GENERATED, Base64.getEncoder().encode(raw));
                log.warn("no master key is set ({} or vaultfleet.master-key-file): generated one in {} (owner-only). "
                        + "The console's keys are sealed with it, but a copy of the whole data folder includes it; set "
                        + "{} to a key kept elsewhere to change that (docs: README, 'Keys at rest')", ENV, generated, ENV);
            } else {
                log.info("the console's keys are sealed with the generated master key in {}", generated);
            }
            current = Key.of(read(generated), "the generated " + generated);
        }
        Key old = null;
        if (envPrevious != null && !envPrevious.isBlank()) {
            old = Key.of(envPrevious, "the environment variable " + PREVIOUS_ENV);
        } else if (previousFile != null && !previousFile.isBlank()) {
            old = Key.of(read(Path.of(previousFile)), "the file " + previousFile);
        }
        boolean ownKey = !current.source().startsWith("the generated");
        if (old == null && ownKey && Files.exists(generated)) {
            old = Key.of(read(generated), "the generated " + generated);
        }
        this.previous = old;
        SEALED_FILES.forEach(this::read);
        if (ownKey && Files.exists(generated)) {
            // every key file is sealed with the console's own key now: the generated one has no use left
            try {
                Files.delete(generated);
                log.info("removed the generated master key {}: the console's keys are sealed with {} now", generated,
                        current.source());
            } catch (IOException e) {
                log.warn("could not remove the generated master key {}: {}", generated, e.getMessage());
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key file " + file, e);
        }
    }

    /** Which key seals new files: the first 8 bytes of its SHA-256, hex (never the key). */
    public String keyId() {
        return current.idHex();
    }

    /**
     * The content of the sealed key file {@code name} (relative to the data folder), or empty when there is none.
     * A file written before keys were sealed, or sealed with the previous master key, is re-sealed with the current
     * one on the way.
     */
    public Optional<byte[]> read(String name) {
        Path file = data.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] stored;
        try {
            stored = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!isSealed(stored)) {
            write(name, stored);
            log.info("sealed {} (it was kept in the clear before) with master key {}", file, keyId());
            return Optional.of(stored);
        }
        byte[] id = Arrays.copyOfRange(stored, MAGIC.length, MAGIC.length + ID_LENGTH);
        if (Arrays.equals(id, current.id())) {
            return Optional.of(open(current, name, stored));
        }
        if (previous != null && Arrays.equals(id, previous.id())) {
            byte[] plain = open(previous, name, stored);
            write(name, plain);
            log.info("re-sealed {} with the new master key {} (it was sealed with {})", file, keyId(), previous.idHex());
            return Optional.of(plain);
        }
        throw new IllegalStateException(file + " is sealed with master key " + HexFormat.of().formatHex(id)
                + ", but this console's master key is " + keyId() + " (from " + current.source() + "). Start it with "
                + "the key that sealed it, or with that key as " + PREVIOUS_ENV + " to re-seal with the new one.");
    }

    /** Seals {@code content} with the current master key into {@code name} (owner-only, replaced atomically). */
    public void write(String name, byte[] content) {
        byte[] sealed = seal(current, name, content);
        Path tmp = data.writeOwnerOnly(name + ".tmp", sealed);
        try {
            Files.move(tmp, data.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + data.resolve(name), e);
        }
    }

    static boolean isSealed(byte[] stored) {
        return stored.length > MAGIC.length + ID_LENGTH + NONCE_LENGTH
                && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private byte[] seal(Key key, String name, byte[] content) {
        try {
            byte[] nonce = new byte[NONCE_LENGTH];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.aes(), "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(content);
            byte[] out = new byte[MAGIC.length + ID_LENGTH + NONCE_LENGTH + sealed.length];
            System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
            System.arraycopy(key.id(), 0, out, MAGIC.length, ID_LENGTH);
            System.arraycopy(nonce, 0, out, MAGIC.length + ID_LENGTH, NONCE_LENGTH);
            System.arraycopy(sealed, 0, out, MAGIC.length + ID_LENGTH + NONCE_LENGTH, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal " + name, e);
        }
    }

    private static byte[] open(Key key, String name, byte[] stored) {
        try {
            int at = MAGIC.length + ID_LENGTH;
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.aes(), "AES"), new GCMParameterSpec(128, stored, at, NONCE_LENGTH));
            c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(stored, at + NONCE_LENGTH, stored.length - at - NONCE_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the sealed key file " + name + " does not open with master key "
                    + key.idHex() + ": it was altered or damaged");
        }
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
