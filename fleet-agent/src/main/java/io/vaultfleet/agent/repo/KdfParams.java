package io.vaultfleet.agent.repo;

import java.util.Base64;

import org.bouncycastle.crypto.PasswordConverter;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id parameters and salt: how a passphrase becomes the key that wraps the master key. */
public record KdfParams(String algorithm, int version, int memoryKiB, int iterations, int parallelism, String salt) {
    // OWASP's second Argon2id recommendation (19 MiB, 2 passes), which it rates as strong as its first (46 MiB, 1
    // pass, this agent's default until decision 039): the derivation runs in every backup and restore process, and
    // its memory is part of that process's peak (a repository listing 141 MiB with 46 MiB, 107 MiB with 1 MiB).
    // ~0.2 s here either way. Repositories keep the parameters they were created with (config and key files)
    public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    public static final int DEFAULT_ITERATIONS = 2;
    public static final int DEFAULT_PARALLELISM = 1;

    public KdfParams {
        if (!"argon2id".equals(algorithm) || version != 0x13) {
            throw new IllegalArgumentException("unsupported KDF " + algorithm + " v" + version);
        }
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("invalid Argon2id parameters");
        }
    }

    public static KdfParams argon2id(int memoryKiB, int iterations, int parallelism, byte[] salt) {
        return new KdfParams("argon2id", 0x13, memoryKiB, iterations, parallelism,
                Base64.getEncoder().encodeToString(salt));
    }

    /** A 32-byte key from the passphrase (UTF-8). */
    public byte[] derive(char[] passphrase) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(Base64.getDecoder().decode(salt))
                .withCharToByteConverter(PasswordConverter.UTF8).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] key = new byte[Crypto.KEY_LENGTH];
        generator.generateBytes(passphrase, key);
        return key;
    }
}
