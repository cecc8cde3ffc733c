package dev.v2exgraphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.Gql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Connection refused: nothing listens at the configured base URL. */
@QuarkusTest
@TestProfile(UnreachableUpstreamTest.NothingListening.class)
class UnreachableUpstreamTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("v2ex.api.base-url", "http://127.0.0.1:" + closedPort() + "/api/v2/",
                    "v2ex.demo.enabled", "false");
        }
    }

    @Test
    void refusedConnectionsAreUpstreamUnavailable() {
        JsonPath r = Gql.query("any-token", "{ node(name: \"python\") { name } viewer { member { username } } }");
        assertEquals(List.of("UPSTREAM_UNAVAILABLE", "UPSTREAM_UNAVAILABLE"), Gql.codes(r));
        assertNull(r.get("data.node"));
        assertEquals("The V2EX API could not be reached", r.getString("errors[0].message"));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // free now, and nothing will listen on it
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
