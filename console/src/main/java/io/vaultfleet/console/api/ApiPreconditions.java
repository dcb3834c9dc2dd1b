package io.vaultfleet.console.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.http.HttpStatus;

/**
 * Optimistic concurrency for updates: every resource that can be changed carries an {@code ETag}; a change must send
 * it back in {@code If-Match}. A change without one is refused (428), one with a stale one too (412), so a script
 * never overwrites what someone changed after it read.
 */
final class ApiPreconditions {
    private ApiPreconditions() {
    }

    /** A strong entity tag from the parts of a resource an update can change. */
    static String etag(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "\"" + HexFormat.of().formatHex(sha.digest(), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Refuses unless {@code ifMatch} names {@code current} (or is {@code *}). */
    static void require(String ifMatch, String current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new Failed(HttpStatus.PRECONDITION_REQUIRED,
                    "Send the resource's ETag in If-Match: read it first, so a change made meanwhile is not overwritten.");
        }
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(current)) {
                return;
            }
        }
        throw new Failed(HttpStatus.PRECONDITION_FAILED,
                "The resource changed since it was read (its ETag is now " + current + "): read it again and retry.");
    }

    static final class Failed extends RuntimeException {
        private final HttpStatus status;

        Failed(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }

        HttpStatus status() {
            return status;
        }
    }
}
