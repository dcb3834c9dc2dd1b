package io.vaultfleet.agent.repo;

import tools.jackson.core.JacksonException;

/**
 * {@code config}: plaintext repository parameters, written once by {@code init} and never changed. The Argon2id
 * parameters and salt that open the master key live in each {@code keys/<id>} file (one per passphrase), so a
 * passphrase change never rewrites {@code config}; {@code kdf} here records the defaults new key files use.
 */
public record RepoConfig(int version, String id, ChunkerParams chunker, int packTargetSize, int compressionLevel,
        KdfDefaults kdf) {
    public static final int FORMAT_VERSION = 2;
    public static final int DEFAULT_PACK_TARGET = 16 * 1024 * 1024;
    public static final int DEFAULT_COMPRESSION_LEVEL = 1;

    /** Argon2id cost parameters without salt. */
    public record KdfDefaults(String algorithm, int memoryKiB, int iterations, int parallelism) {
        /** The parameters {@code init} uses unless told otherwise (OWASP's Argon2id minimum, see KdfParams). */
        public static KdfDefaults recommended() {
            return new KdfDefaults("argon2id", KdfParams.DEFAULT_MEMORY_KIB, KdfParams.DEFAULT_ITERATIONS,
                    KdfParams.DEFAULT_PARALLELISM);
        }
    }

    public byte[] toJson() {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    }

    public static RepoConfig fromJson(byte[] json) throws IntegrityException {
        try {
            RepoConfig config = Json.MAPPER.readValue(json, RepoConfig.class);
            if (config.version() != FORMAT_VERSION) {
                throw new IntegrityException("config: unsupported format version " + config.version());
            }
            return config;
        } catch (JacksonException e) {
            throw new IntegrityException("config does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
