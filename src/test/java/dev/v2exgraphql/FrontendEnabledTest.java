package dev.v2exgraphql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * With {@code v2ex.frontend.enabled=true} the example page is served at {@code /} with headers that
 * keep it to its own origin, and every file it loads is there. (What the page does is checked in a
 * real browser by {@code e2e/run}.)
 */
@QuarkusTest
@TestProfile(FrontendEnabledTest.FrontendOn.class)
class FrontendEnabledTest {

    public static class FrontendOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // No upstream is needed to serve files: the demo upstream stays off.
            return Map.of("v2ex.frontend.enabled", "true", "v2ex.demo.enabled", "false");
        }
    }

    private static final Pattern HTML_REFERENCE = Pattern.compile("(?:src|href)=\"(app/[^\"]+)\"");
    private static final Pattern MODULE_IMPORT = Pattern.compile("from '\\./([^']+)'");

    @Test
    void thePageIsServedAtTheRootWithItsSecurityHeaders() {
        given().get("/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("connect-src 'self'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-cache")
                .body(containsString("<script type=\"module\" src=\"app/main.js\">"));
    }

    @Test
    void everyFileThePageLoadsIsServed() {
        // Files named by index.html, then every module they import, transitively.
        Deque<String> pending = new ArrayDeque<>();
        Matcher html = HTML_REFERENCE.matcher(given().get("/").asString());
        while (html.find()) {
            pending.add("/" + html.group(1));
        }
        Set<String> served = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            String path = pending.pop();
            if (!served.add(path)) {
                continue;
            }
            Response file = given().get(path);
            assertEquals(200, file.statusCode(), path);
            String type = path.endsWith(".js") ? "text/javascript" : "text/css";
            assertTrue(file.contentType().startsWith(type), path + " is " + file.contentType());
            assertEquals("no-cache", file.header("Cache-Control"), path);
            Matcher imports = MODULE_IMPORT.matcher(file.asString());
            while (imports.find()) {
                pending.add(path.substring(0, path.lastIndexOf('/') + 1) + imports.group(1));
            }
        }
        assertTrue(served.containsAll(Set.of("/app/main.js", "/app/style.css", "/app/graphql.js",
                "/app/errors.js", "/app/queries.js", "/app/dom.js")), served.toString());
    }
}
