package dev.v2exgraphql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.http.AccessLogCheck;

/** Which access-log patterns would print callers' tokens (the service then refuses to start). */
class AccessLogCheckTest {

    @Test
    void patternsPrintingTheAuthorizationHeaderAreRecognised() {
        assertTrue(AccessLogCheck.logsAuthorization("%h %t \"%r\" %s %{i,Authorization}"));
        assertTrue(AccessLogCheck.logsAuthorization("%{i, authorization}"));
        assertTrue(AccessLogCheck.logsAuthorization("%{I,AUTHORIZATION} %b"));
    }

    @Test
    void theBuiltInPatternsAreSafe() {
        // "long" prints %{ALL_REQUEST_HEADERS}, where Quarkus masks Authorization (TokenHygieneTest runs with it).
        for (String pattern : new String[] { "common", "combined", "long", "%h %l %u %t \"%r\" %s %b \"%{i,User-Agent}\"" }) {
            assertFalse(AccessLogCheck.logsAuthorization(pattern), pattern);
        }
    }
}
