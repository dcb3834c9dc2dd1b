package io.vaultfleet.protocol.recovery;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.vaultfleet.protocol.SealedPassphrase;

/**
 * The one-session key that carries another server's passphrase from the browser to the target agent, past the
 * console. The agent {@linkplain #generate() makes} an ECDH P-256 key pair and signs {@link #statement} with its
 * identity key; the browser (WebCrypto: {@code ECDH} P-256, {@code HKDF} SHA-256, {@code AES-GCM} 256) or a test
 * {@linkplain #seal seals} the passphrase; only the agent can {@linkplain #open open} it.
 *
 * <p>Sealing, step by step (the browser does exactly this):
 * <ol>
 * <li>an ephemeral P-256 key pair; ECDH with the agent's public key gives 32 shared bytes;</li>
 * <li>HKDF-SHA-256 over them, salt = the 12-byte IV, info = {@code "vaultfleet-recovery-passphrase-v1\n" +
 * sessionId} (UTF-8), 32 bytes: the AES-256-GCM key;</li>
 * <li>AES-GCM with that IV and additional data = the session id (UTF-8), 128-bit tag, over the passphrase's UTF-8
 * bytes;</li>
 * <li>sent: the ephemeral public key as a raw uncompressed point (65 bytes), the IV and the ciphertext, base64.</li>
 * </ol>
 */
public final class RecoveryKeys {
    public static final String INFO_PREFIX = "vaultfleet-recovery-passphrase-v1\n";
    private static final String STATEMENT_PREFIX = "vaultfleet-recovery-key-v1\n";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryKeys() {
    }

    /** A fresh P-256 key pair for one recovery session. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no P-256", e);
        }
    }

    /** Base64 of the public key's SubjectPublicKeyInfo (what WebCrypto imports as {@code spki}). */
    public static String encodePublic(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** What the agent signs with its identity key, so the console knows the session key is the registered agent's. */
    public static byte[] statement(String sessionId, String publicKey, Instant expiresAt) {
        return (STATEMENT_PREFIX + sessionId + "\n" + publicKey + "\n" + expiresAt).getBytes(StandardCharsets.UTF_8);
    }

    /** Seals {@code passphrase} to the session key {@code publicKey} (base64 SPKI), as the browser does. */
    public static SealedPassphrase seal(String publicKey, String sessionId, char[] passphrase) {
        try {
            ECPublicKey recipient = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            KeyPair ephemeral = generate();
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            byte[] key = derive(ephemeral.getPrivate(), recipient, iv, sessionId);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(sessionId.getBytes(StandardCharsets.UTF_8));
            ByteBuffer plain = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(passphrase));
            byte[] plainBytes = new byte[plain.remaining()];
            plain.get(plainBytes);
            byte[] sealed = cipher.doFinal(plainBytes);
            Arrays.fill(plainBytes, (byte) 0);
            Base64.Encoder b64 = Base64.getEncoder();
            return new SealedPassphrase(b64.encodeToString(rawPoint((ECPublicKey) ephemeral.getPublic())),
                    b64.encodeToString(iv), b64.encodeToString(sealed));
        } catch (GeneralSecurityException | CharacterCodingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot seal the passphrase to this session key: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a sealed passphrase with the session's private key.
     *
     * @throws IllegalArgumentException (with plain words) when it was sealed to another key or session, or altered
     */
    public static char[] open(PrivateKey sessionKey, String sessionId, SealedPassphrase sealed) {
        byte[] plain = null;
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] iv = b64.decode(sealed.iv());
            if (iv.length != 12) {
                throw new IllegalArgumentException("the IV must be 12 bytes, not " + iv.length);
            }
            PublicKey ephemeral = fromRawPoint(b64.decode(sealed.ephemeralPublicKey()));
            byte[] key = derive(sessionKey, ephemeral, iv, sessionId);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(sessionId.getBytes(StandardCharsets.UTF_8));
            plain = cipher.doFinal(b64.decode(sealed.ciphertext()));
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            return out;
        } catch (GeneralSecurityException | CharacterCodingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed passphrase cannot be opened with this session's key "
                    + "(sealed to another session, expired, or altered on the way)", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] derive(PrivateKey own, PublicKey other, byte[] salt, String sessionId)
            throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(own);
        agreement.doPhase(other, true);
        byte[] shared = agreement.generateSecret();
        try {
            return hkdf(shared, salt, (INFO_PREFIX + sessionId).getBytes(StandardCharsets.UTF_8), 32);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /** RFC 5869 HKDF with HMAC-SHA-256 (Java 17 has no KDF API; this is the whole of it). */
    static byte[] hkdf(byte[] inputKey, byte[] salt, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(inputKey);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int done = 0;
        for (int counter = 1; done < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        Arrays.fill(prk, (byte) 0);
        return out;
    }

    private static byte[] rawPoint(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copyUnsigned(key.getW().getAffineX(), out, 1);
        copyUnsigned(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copyUnsigned(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 32 ? bytes.length - 32 : 0;
        int len = bytes.length - start;
        System.arraycopy(bytes, start, out, offset + 32 - len, len);
    }

    private static PublicKey fromRawPoint(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 65 || raw[0] != 4) {
            throw new IllegalArgumentException("the ephemeral key must be a raw uncompressed P-256 point (65 bytes)");
        }
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        AlgorithmParameters curve = AlgorithmParameters.getInstance("EC");
        curve.init(new ECGenParameterSpec("secp256r1"));
        return KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(point, curve.getParameterSpec(ECParameterSpec.class)));
    }
}
