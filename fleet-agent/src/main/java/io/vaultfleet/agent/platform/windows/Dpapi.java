package io.vaultfleet.agent.platform.windows;

import com.sun.jna.platform.win32.Crypt32Util;
import com.sun.jna.platform.win32.WinCrypt;

/**
 * The narrowest seam around DPAPI, so {@link DpapiSecretProtection} is tested with a mock here. The real one calls
 * {@link Crypt32Util} with {@code CRYPTPROTECT_LOCAL_MACHINE} (any process on this machine may decrypt; the file's
 * ACL keeps it to SYSTEM and Administrators) and {@code CRYPTPROTECT_UI_FORBIDDEN} (a service has no desktop).
 */
public interface Dpapi {
    byte[] protect(byte[] data, byte[] entropy, String description);

    byte[] unprotect(byte[] blob, byte[] entropy);

    /** Crypt32 through JNA. Only tested with recorded outputs: cannot run here (a mock stands in for it). */
    Dpapi CRYPT32 = new Dpapi() {
        private static final int FLAGS = WinCrypt.CRYPTPROTECT_LOCAL_MACHINE | WinCrypt.CRYPTPROTECT_UI_FORBIDDEN;

        @Override
        public byte[] protect(byte[] data, byte[] entropy, String description) {
            return Crypt32Util.cryptProtectData(data, entropy, FLAGS, description, null);
        }

        @Override
        public byte[] unprotect(byte[] blob, byte[] entropy) {
            return Crypt32Util.cryptUnprotectData(blob, entropy, FLAGS, null);
        }
    };
}
