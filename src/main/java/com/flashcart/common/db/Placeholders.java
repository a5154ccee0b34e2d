package com.flashcart.common.db;

import java.util.Collections;

/** The parameter markers of SQL that binds a list: {@code IN (?, ?, ?)}, or the rows of a multi-row insert. */
public final class Placeholders {

    private Placeholders() {
    }

    /** {@code group} {@code times} times, comma separated: {@code repeated(2, "(?, ?)")} is {@code (?, ?), (?, ?)}. */
    public static String repeated(int times, String group) {
        return String.join(", ", Collections.nCopies(times, group));
    }
}
