package com.flashcart.session;

import java.util.Locale;

/** The one normal form of an email address: trimmed and lower-cased. */
public final class Emails {

    private Emails() {
    }

    public static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
