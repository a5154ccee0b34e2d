package com.flashcart.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The mapping from codes to statuses and back, which every problem answer relies on. */
@Tag("unit")
class ErrorCodeTest {

    @Test
    void aBareStatusMapsToACodeOfThatStatus() {
        for (int status = 400; status < 600; status++) {
            ErrorCode code = ErrorCode.forStatus(status);
            assertTrue(code.status() == status || code == ErrorCode.VALIDATION_FAILED && status < 500
                    || code == ErrorCode.INTERNAL_ERROR && status >= 500, status + " -> " + code);
        }
        for (ErrorCode code : ErrorCode.values()) {
            if (code.status() != 409 && code.status() != 422) {
                assertEquals(code.status(), ErrorCode.forStatus(code.status()).status(), code.name());
            }
        }
    }

    @Test
    void typesAreStableAndDistinct() {
        Set<String> types = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(types.add(code.type()), code.name());
            assertTrue(code.type().startsWith("https://flashcart.dev/problems/"), code.type());
        }
        assertEquals("https://flashcart.dev/problems/out-of-stock", ErrorCode.OUT_OF_STOCK.type());
    }
}
