package com.flashcart.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.text.Normalizer;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one canonical form of an email (see {@link Emails}). */
@Tag("unit")
class EmailsTest {

    @Test
    void caseWidthCompositionAndSpacesDoNotMakeAnotherAddress() {
        String alice = Emails.canonical("alice@example.com");
        assertEquals(alice, Emails.canonical("  ALICE@Example.COM "));
        assertEquals(alice, Emails.canonical("ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"));
        assertEquals(Emails.canonical("alic\u00e9@example.com"), Emails.canonical("alice\u0301@example.com"));
        assertEquals(Emails.canonical("alic\u00e9@example.com"), Emails.canonical("ALIC\u00c9@example.com"));
    }

    @Test
    void anAccentMakesAnotherAddress() {
        assertNotEquals(Emails.canonical("alice@example.com"), Emails.canonical("alic\u00e9@example.com"));
    }

    /** Canonical forms are fixed points: canonicalising twice changes nothing, so stored and looked-up forms agree. */
    @Test
    void theCanonicalFormIsStable() {
        Random random = new Random(7);
        String alphabet = "aAeE\u00e9\u00c9\u0301\u0130\u0131\u00df\uff41\u212a\u2126 .@-_+\u1e9e\u01c4\u00bd\u00a0\u3000";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder email = new StringBuilder();
            for (int i = random.nextInt(12); i >= 0; i--) {
                email.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String once = Emails.canonical(email.toString());
            assertEquals(once, Emails.canonical(once), () -> "not stable: " + email);
            assertEquals(once, Normalizer.normalize(once, Normalizer.Form.NFKC));
        }
    }
}
