package com.flashcart.common.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.flashcart.common.error.ProblemException;

/**
 * Opaque keyset-paging cursors ("the next page starts below this id"), tagged per list so a cursor from one
 * list is refused by another.
 */
public final class Cursor {

    private Cursor() {
    }

    public static String after(String list, long id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((list + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The id a cursor points below, or {@code Long.MAX_VALUE} for the first page (no cursor). */
    public static long below(String list, String cursor) {
        if (cursor == null) {
            return Long.MAX_VALUE;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith(list + ":")) {
                throw new IllegalArgumentException();
            }
            long id = Long.parseLong(text.substring(list.length() + 1));
            if (id <= 0) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("The cursor is not one this service gave out");
        }
    }
}
