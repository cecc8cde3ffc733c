package dev.v2exgraphql;

import static dev.v2exgraphql.demo.FakeData.TOKEN_ALICE;
import static dev.v2exgraphql.demo.FakeData.TOKEN_BOB;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Tokens — the callers' and newly created ones — never appear in any log record, even at DEBUG. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class TokenHygieneTest extends FakeUpstreamTest {

    private final List<String> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLoggerName() + " " + record.getMessage());
            if (record.getParameters() != null) {
                line.append(' ').append(Arrays.deepToString(record.getParameters()));
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(' ').append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void noTokenInAnyLogLine() {
        Gql.query(TOKEN_ALICE, "{ viewer { member { username } token { scope } notifications { items { id } } } }");
        Gql.query(TOKEN_ALICE, "{ node(name: \"python\") { topics { items { author { username } } } } }");
        Gql.query("wrong-token-value-123", "{ viewer { member { username } } }");
        String created = Gql.query(TOKEN_BOB, "mutation { createToken(scope: REGULAR, expiration: DAYS_30) { token } }")
                .getString("data.createToken.token");
        assertNotNull(created);
        behaviour().faultKind(FaultKind.RESET).faultRate(1.0);
        Gql.query(TOKEN_ALICE, "{ topic(id: \"1000\") { title } }");
        behaviour().faultKind(FaultKind.HTTP_500);
        Gql.query(TOKEN_BOB, "{ topic(id: \"1001\") { title } }");

        List<String> snapshot;
        synchronized (capture) {
            snapshot = List.copyOf(lines);
        }
        assertTrue(snapshot.stream().anyMatch(l -> l.startsWith("dev.v2exgraphql.upstream")),
                "upstream calls are logged at DEBUG, so this test sees real output");
        for (String secret : List.of(TOKEN_ALICE, TOKEN_BOB, "wrong-token-value-123", created)) {
            for (String line : snapshot) {
                assertFalse(line.contains(secret), "token in log: " + line);
            }
        }
    }
}
