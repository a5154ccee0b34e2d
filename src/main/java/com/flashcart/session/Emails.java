package com.flashcart.session;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one canonical form of an email address, used for storage, uniqueness, lookup and the login throttle alike:
 * trimmed, Unicode NFKC (so a composed "é" and "e" + combining accent, or a full-width "ａ" and "a", are one
 * address) and lower-cased. The column compares bytes ({@code utf8mb4_bin}), so two addresses are the same
 * account exactly when their canonical forms are equal: "alicé@x" is another address than "alice@x", never a
 * way into alice's account around her lockout.
 */
public final class Emails {

    private Emails() {
    }

    public static String canonical(String email) {
        if (email == null) {
            return null;
        }
        String folded = Normalizer.normalize(email, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        // lower-casing can leave a sequence that NFKC composes differently (e.g. a capital with a combining mark),
        // and NFKC can turn a no-break space at either end into a plain one: both are settled last
        return Normalizer.normalize(folded, Normalizer.Form.NFKC).strip();
    }
}
