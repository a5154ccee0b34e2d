package com.flashcart.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which X-Forwarded-For entry names the client (see {@link ClientAddress}). */
@Tag("unit")
class ClientAddressTest {

    private final ClientAddress rule = new ClientAddress(List.of("127.0.0.1", "10.20.0.0/22", "fd00::/8"));

    @Test
    void aPeerThatIsNoProxyIsTheClientWhateverItWrites() {
        assertEquals("203.0.113.9", rule.of("203.0.113.9", List.of("1.2.3.4")));
    }

    @Test
    void theEntryTheTrustedProxyAddedWinsOverWhatTheClientWrote() {
        // haproxy appends the client's real address after the client's own X-Forwarded-For
        assertEquals("198.51.100.7", rule.of("127.0.0.1", List.of("6.6.6.6, 7.7.7.7, 198.51.100.7")));
        // two proxies (the ALB, then another in the VPC): both are skipped
        assertEquals("198.51.100.7", rule.of("10.20.1.5", List.of("6.6.6.6", "198.51.100.7, 10.20.2.9")));
    }

    @Test
    void withOnlyProxiesInTheHeaderTheLeftmostIsTaken() {
        assertEquals("10.20.0.3", rule.of("127.0.0.1", List.of("10.20.0.3, 10.20.0.4")));
        assertEquals("127.0.0.1", rule.of("127.0.0.1", List.of()));
    }

    @Test
    void rangesMatchByPrefixInBothFamilies() {
        assertTrue(rule.isTrusted("10.20.3.255"));
        assertFalse(rule.isTrusted("10.20.4.0"));
        assertTrue(rule.isTrusted("fd12:3456::1"));
        assertFalse(rule.isTrusted("fe80::1"));
        assertFalse(rule.isTrusted("::ffff:10.20.0.1x"));
        assertFalse(rule.isTrusted("localhost"), "names are never looked up");
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.internal")));
    }

    /**
     * The property behind all of it: whatever a client writes into X-Forwarded-For — addresses, proxies'
     * addresses, garbage, many headers — the address the first trusted proxy saw is the one taken.
     */
    @Test
    void noClientWrittenHeaderChangesTheAddressTheProxySaw() {
        Random random = new Random(42);
        String[] junk = { "1.1.1.1", "10.20.0.1", "127.0.0.1", "unknown", "", " ", "::1", "fd00::1", "2001:db8::5",
                "256.1.1.1", "a, b", "[::1]", "198.51.100.7" };
        for (int round = 0; round < 5_000; round++) {
            String real = random.nextBoolean() ? "203.0.113." + random.nextInt(256)
                    : "2001:db8::" + Integer.toHexString(random.nextInt(65_536));
            List<String> written = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                written.add(junk[random.nextInt(junk.length)]);
            }
            // the first proxy appends what it saw; each further trusted proxy appends its predecessor
            List<String> headers = new ArrayList<>();
            headers.add(String.join(", ", written) + (written.isEmpty() ? "" : ", ") + real);
            String peer = "127.0.0.1";
            if (random.nextBoolean()) {
                headers.add("10.20.1.1");
                peer = "10.20.2.2";
            }
            assertEquals(real, rule.of(peer, headers), () -> "headers " + headers);
        }
    }
}
