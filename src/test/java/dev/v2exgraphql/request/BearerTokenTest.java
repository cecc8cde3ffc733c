package dev.v2exgraphql.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.error.GatewayException;

/** The hand-written token68 check against the RFC 6750 grammar it replaces. */
class BearerTokenTest {

    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    @Test
    void agreesWithTheGrammarOnEveryShortString() {
        String alphabet = "aZ09-._~+/= \"ä:";
        // Every string of up to 3 characters over an alphabet with valid and invalid characters.
        int n = alphabet.length();
        int checked = 0;
        for (int len = 1; len <= 3; len++) {
            int total = (int) Math.pow(n, len);
            for (int k = 0; k < total; k++) {
                StringBuilder s = new StringBuilder();
                for (int i = 0, v = k; i < len; i++, v /= n) {
                    s.append(alphabet.charAt(v % n));
                }
                String token = s.toString();
                assertEquals(TOKEN68.matcher(token).matches(), BearerToken.isToken68(token), token);
                checked++;
            }
        }
        assertTrue(checked > 3000);
    }

    @Test
    void parsesBearerHeaders() {
        assertEquals("8c1e2f0a-3b4d-4e5f-9a6b-7c8d9e0f1a2b",
                BearerToken.parse("Bearer 8c1e2f0a-3b4d-4e5f-9a6b-7c8d9e0f1a2b"));
        assertEquals("abc==", BearerToken.parse("  bearer   abc==  "));
        assertNull(BearerToken.parse(null));
        assertNull(BearerToken.parse("  "));
        assertThrows(GatewayException.class, () -> BearerToken.parse("Basic abc"));
        assertThrows(GatewayException.class, () -> BearerToken.parse("Bearer a=b"));
        assertThrows(GatewayException.class, () -> BearerToken.parse("Bearer ="));
        assertThrows(GatewayException.class, () -> BearerToken.parse("Bearer " + "a".repeat(257)));
        assertFalse(BearerToken.isToken68(""));
    }
}
