package io.vaultfleet.agent.repo;

import java.security.SecureRandom;

/** Where nonces, salts and keys come from. Random in the product; fixed in golden-file tests. */
@FunctionalInterface
public interface NonceSource {
    void fill(byte[] target);

    static NonceSource secureRandom() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }
}
