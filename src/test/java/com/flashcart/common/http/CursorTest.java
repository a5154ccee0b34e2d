package com.flashcart.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/** Keyset cursors round-trip, belong to one list, and refuse anything else as a 400. */
@Tag("unit")
class CursorTest {

    @Test
    void aCursorPointsBelowTheIdItWasMadeFrom() {
        assertEquals(Long.MAX_VALUE, Cursor.below("orders", null));
        for (long id : List.of(1L, 42L, Long.MAX_VALUE - 1)) {
            assertEquals(id, Cursor.below("orders", Cursor.after("orders", id)));
        }
    }

    @Test
    void aCursorOfAnotherListOrAForgedOneIs400() {
        String ledger = Cursor.after("ledger", 10);
        for (String bad : List.of(ledger, "", "!!", "b3JkZXJzOjA", "b3JkZXJzOi0x", "b3JkZXJzOng", "b3JkZXJz")) {
            ProblemException refused = assertThrows(ProblemException.class, () -> Cursor.below("orders", bad), bad);
            assertEquals(ErrorCode.VALIDATION_FAILED, refused.code());
        }
    }
}
