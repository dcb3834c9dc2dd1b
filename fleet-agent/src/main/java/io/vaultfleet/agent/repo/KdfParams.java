package io.vaultfleet.agent.repo;

import java.util.Base64;

import org.bouncycastle.crypto.PasswordConverter;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id parameters and salt: how a passphrase becomes the key that wraps the master key. */
public record KdfParams(String algorithm, int version, int memoryKiB, int iterations, int parallelism, String salt) {
    // OWASP's first Argon2id recommendation (46 MiB, 1 pass): ~0.2 s here, paid on every run of a short-lived agent
    public static final int DEFAULT_MEMORY_KIB = 46 * 1024;
    public static final int DEFAULT_ITERATIONS = 1;
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
