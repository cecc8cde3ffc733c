package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Tokens — the callers' and newly created ones — never appear in any log record, even at DEBUG:
 * ours, Quarkus's, Vert.x's, SmallRye GraphQL's and graphql-java's, and the HTTP access log with the
 * most talkative pattern that is allowed ({@code long}: every request header, Authorization masked).
 */
@QuarkusTest
@TestProfile(TokenHygieneTest.Talkative.class)
@WithTestResource(FakeUpstreamResource.class)
class TokenHygieneTest extends FakeUpstreamTest {

    private static final String ACCESS_LOG = "io.quarkus.http.access-log";

    public static class Talkative implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.access-log.enabled", "true",
                    "quarkus.http.access-log.pattern", "long",
                    "quarkus.log.category.\"io.vertx\".level", "DEBUG",
                    "quarkus.log.category.\"io.quarkus.vertx.http\".level", "DEBUG",
                    "quarkus.log.category.\"io.smallrye.graphql\".level", "DEBUG",
                    "quarkus.log.category.\"graphql\".level", "DEBUG",
                    // Captured in full, printed only from INFO up: the console stays readable.
                    "quarkus.log.console.level", "INFO");
        }
    }

    @Test
    void noTokenInAnyLogLine() {
        List<LogCapture.Line> lines;
        String created;
        try (LogCapture capture = LogCapture.start()) {
            Gql.query(TOKEN_ALICE, "{ viewer { member { username } token { scope } notifications { items { id } } } }");
            Gql.query(TOKEN_ALICE, "{ node(name: \"python\") { topics { items { author { username } } } } }");
            Gql.query("wrong-token-value-123", "{ viewer { member { username } } }");
            created = Gql.query(TOKEN_BOB, "mutation { createToken(scope: REGULAR, expiration: DAYS_30) { token } }")
                    .getString("data.createToken.token");
            behaviour().faultKind(FaultKind.RESET).faultRate(1.0);
            Gql.query(TOKEN_ALICE, "{ topic(id: \"1000\") { title } }");
            behaviour().faultKind(FaultKind.HTTP_500);
            Gql.query(TOKEN_BOB, "{ topic(id: \"1001\") { title } }");
            given().header("Authorization", "Bearer " + TOKEN_ALICE).contentType("text/plain").body("{")
                    .post("/graphql").then().statusCode(415);
            lines = awaitAccessLog(capture, 8);
        }
        assertNotNull(created);
        assertTrue(lines.stream().anyMatch(l -> l.logger().startsWith("dev.v2exgraphql.upstream")),
                "upstream calls are logged at DEBUG, so this test sees real output");
        List<LogCapture.Line> accessLog = lines.stream().filter(l -> l.logger().equals(ACCESS_LOG)).toList();
        assertTrue(accessLog.stream().anyMatch(l -> l.text().toLowerCase(Locale.ROOT).contains("authorization")),
                "the access log lists request headers, the masked Authorization among them: " + accessLog);
        assertTrue(lines.stream().anyMatch(l -> l.logger().startsWith("graphql") || l.logger().startsWith("io.smallrye.graphql")),
                "graphql-java and SmallRye log at DEBUG here, so this test sees their output too");
        for (String secret : List.of(TOKEN_ALICE, TOKEN_BOB, "wrong-token-value-123", created)) {
            for (LogCapture.Line line : lines) {
                assertFalse(line.text().contains(secret), "token in log: " + line);
            }
        }
    }

    /** The access log is written once an answer has left, so it may trail the client by a moment. */
    private static List<LogCapture.Line> awaitAccessLog(LogCapture capture, int requests) {
        for (int i = 0; i < 100; i++) {
            if (capture.lines().stream().filter(l -> l.logger().equals(ACCESS_LOG)).count() >= requests) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return capture.lines();
    }
}
