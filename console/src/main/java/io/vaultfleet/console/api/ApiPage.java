package io.vaultfleet.console.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;

import io.vaultfleet.console.platform.InvalidInputException;

/**
 * One page of a list and the cursor of the next ({@code null} on the last page). The cursor is opaque to callers:
 * pass it back as {@code cursor} with the same filters. It holds the position in the list's order, so a row added
 * meanwhile may shift a page by one; every list is ordered by the service as its view orders it.
 */
public record ApiPage<T>(List<T> items, String nextCursor) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    /** Reads {@code limit} and {@code cursor} and fetches one more row than asked to know whether a next page exists. */
    static <T> ApiPage<T> of(String cursor, Integer limit, BiFunction<Integer, Integer, List<T>> fetch) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidInputException("limit", "The page size must be between 1 and " + MAX_LIMIT + ".");
        }
        int offset = offset(cursor);
        List<T> rows = fetch.apply(offset, size + 1);
        if (rows.size() > size) {
            return new ApiPage<>(List.copyOf(rows.subList(0, size)), encode(offset + size));
        }
        return new ApiPage<>(List.copyOf(rows), null);
    }

    /** A page of a list the service returns whole. */
    static <T> ApiPage<T> slice(String cursor, Integer limit, List<T> all) {
        return of(cursor, limit, (offset, count) -> all.subList(Math.min(offset, all.size()),
                Math.min(all.size(), offset + count)));
    }

    private static int offset(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("p1:")) {
                int offset = Integer.parseInt(text.substring(3));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64 or not a number: the same answer below
        }
        throw new InvalidInputException("cursor", "The cursor is not one this API gave: pass nextCursor back unchanged.");
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("p1:" + offset).getBytes(StandardCharsets.UTF_8));
    }
}
