package dev.v2exgraphql;

import static dev.v2exgraphql.demo.FakeData.TOKEN_ALICE;
import static dev.v2exgraphql.demo.FakeData.TOKEN_BOB;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Tokens — the callers' and newly created ones — never appear in any log record, even at DEBUG. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class TokenHygieneTest extends FakeUpstreamTest {

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
            lines = capture.lines();
        }
        assertNotNull(created);
        assertTrue(lines.stream().anyMatch(l -> l.logger().startsWith("dev.v2exgraphql.upstream")),
                "upstream calls are logged at DEBUG, so this test sees real output");
        for (String secret : List.of(TOKEN_ALICE, TOKEN_BOB, "wrong-token-value-123", created)) {
            for (LogCapture.Line line : lines) {
                assertFalse(line.text().contains(secret), "token in log: " + line);
            }
        }
    }
}
