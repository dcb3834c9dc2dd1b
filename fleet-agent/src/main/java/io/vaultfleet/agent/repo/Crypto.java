package io.vaultfleet.agent.repo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing ({@code nonce(12) | ciphertext | tag(16)}) and HMAC-SHA-256 chunk ids, both under keys derived
 * from the 32-byte master key. Encryption feeds the cipher in 64 KiB {@code update} slices: SunJCE's GCM reaches its
 * intrinsified speed within a second that way, while whole-buffer {@code doFinal} calls stay slow for several
 * seconds of a short-lived process. Thread-safe (per-thread cipher and MAC instances).
 */
public final class Crypto {
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    public static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;
    public static final int KEY_LENGTH = 32;
    private static final int SLICE = 64 * 1024;

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec idKey;
    private final NonceSource nonces;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> newInstance("AES/GCM/NoPadding"));
    private final ThreadLocal<Mac> macs;

    public Crypto(byte[] masterKey, NonceSource nonces) {
        if (masterKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("master key must be 32 bytes");
        }
        this.encryptionKey = new SecretKeySpec(derive(masterKey, "vaultfleet/v1/encryption"), "AES");
        this.idKey = new SecretKeySpec(derive(masterKey, "vaultfleet/v1/chunk-id"), "HmacSHA256");
        this.nonces = nonces;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(idKey);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** HMAC-SHA-256(master, label): one sub-key per purpose. */
    static byte[] derive(byte[] masterKey, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Cipher newInstance(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public ChunkId chunkId(byte[] data, int offset, int length) {
        Mac mac = macs.get();
        mac.update(data, offset, length);
        byte[] out = mac.doFinal();
        return ChunkId.of(out, 0);
    }

    public byte[] seal(SealKind kind, byte[] plain) {
        return seal(kind, plain, 0, plain.length);
    }

    public byte[] seal(SealKind kind, byte[] plain, int offset, int length) {
        return seal(ciphers.get(), encryptionKey, nonces, kind, plain, offset, length);
    }

    static byte[] seal(Cipher cipher, SecretKeySpec key, NonceSource nonces, SealKind kind, byte[] plain, int offset, int length) {
        byte[] out = new byte[length + OVERHEAD];
        sealInto(cipher, key, nonces, kind, plain, offset, length, out, 0);
        return out;
    }

    /**
     * Seals into {@code out} from {@code outOffset} (which must have {@code length + OVERHEAD} bytes free) instead of
     * a new array: the backup's sealers reuse one buffer each. Returns the sealed length. {@code plain} may be the
     * bytes of {@code out} at {@code outOffset + NONCE_LENGTH}: they are then encrypted in place.
     */
    public int sealInto(SealKind kind, byte[] plain, int offset, int length, byte[] out, int outOffset) {
        return sealInto(ciphers.get(), encryptionKey, nonces, kind, plain, offset, length, out, outOffset);
    }

    static int sealInto(Cipher cipher, SecretKeySpec key, NonceSource nonces, SealKind kind, byte[] plain, int offset,
            int length, byte[] out, int outOffset) {
        if (out.length - outOffset < length + OVERHEAD) {
            throw new IllegalArgumentException("output has " + (out.length - outOffset) + " bytes, needs "
                    + (length + OVERHEAD));
        }
        byte[] nonce = new byte[NONCE_LENGTH];
        nonces.fill(nonce);
        System.arraycopy(nonce, 0, out, outOffset, NONCE_LENGTH);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(kind.aad());
            int pos = outOffset + NONCE_LENGTH;
            for (int done = 0; done < length; done += SLICE) {
                int n = Math.min(SLICE, length - done);
                pos += cipher.update(plain, offset + done, n, out, pos);
            }
            pos += cipher.doFinal(out, pos);
            if (pos - outOffset != length + OVERHEAD) {
                throw new IllegalStateException("unexpected GCM output length " + (pos - outOffset));
            }
            return length + OVERHEAD;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] open(SealKind kind, byte[] sealed) throws IntegrityException {
        return open(kind, sealed, 0, sealed.length);
    }

    public byte[] open(SealKind kind, byte[] sealed, int offset, int length) throws IntegrityException {
        return open(ciphers.get(), encryptionKey, kind, sealed, offset, length);
    }

    /**
     * Opens into {@code out} from {@code outOffset} (room for {@code length - OVERHEAD} bytes) instead of a new array;
     * returns the plaintext length.
     */
    public int openInto(SealKind kind, byte[] sealed, int offset, int length, byte[] out, int outOffset)
            throws IntegrityException {
        return openInto(ciphers.get(), encryptionKey, kind, sealed, offset, length, out, outOffset);
    }

    static byte[] open(Cipher cipher, SecretKeySpec key, SealKind kind, byte[] sealed, int offset, int length)
            throws IntegrityException {
        checkLength(kind, length);
        byte[] out = new byte[length - OVERHEAD];
        openInto(cipher, key, kind, sealed, offset, length, out, 0);
        return out;
    }

    private static int openInto(Cipher cipher, SecretKeySpec key, SealKind kind, byte[] sealed, int offset, int length,
            byte[] out, int outOffset) throws IntegrityException {
        checkLength(kind, length);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, sealed, offset, NONCE_LENGTH));
            cipher.updateAAD(kind.aad());
            return cipher.doFinal(sealed, offset + NONCE_LENGTH, length - NONCE_LENGTH, out, outOffset);
        } catch (AEADBadTagException e) {
            throw new IntegrityException(kind + " fails authentication");
        } catch (GeneralSecurityException e) {
            throw new IntegrityException(kind + " cannot be decrypted: " + e.getMessage(), e);
        }
    }

    private static void checkLength(SealKind kind, int length) throws IntegrityException {
        if (length < OVERHEAD) {
            throw new IntegrityException("sealed " + kind + " too short (" + length + " bytes)");
        }
    }
}
