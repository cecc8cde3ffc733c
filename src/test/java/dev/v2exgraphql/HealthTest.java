package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class HealthTest extends FakeUpstreamTest {

    @Test
    void readinessReportsRedisBreakersAndQuota() throws InterruptedException {
        behaviour().rateLimit(100);
        Gql.query(TOKEN_ALICE, "{ node(name: \"apple\") { name } }");

        Map<String, Object> data = upstreamCheck().getMap("data");
        assertEquals("reachable", data.get("redis"));
        assertEquals("heard from every instance", data.get("redis.invalidations"));
        assertEquals("CLOSED", data.get("breaker.nodes"));
        assertEquals(100, data.get("quota.limit"));
        assertTrue((Integer) data.get("quota.remaining") <= 99, data.toString());

        behaviour().faultKind(FaultKind.HTTP_500).faultOnly("GET /nodes/:name").faultRate(1.0);
        for (String node : new String[] { "qna", "jobs", "v2ex", "python" }) {
            Gql.query(TOKEN_ALICE, "{ node(name: \"" + node + "\") { name } }");
        }
        redis().stop();
        Gql.query(TOKEN_ALICE, "{ topic(id: \"1000\") { title } }");
        JsonPath degraded = upstreamCheck();
        assertEquals("UP", degraded.getString("status"), "degraded, still serving");
        assertEquals("OPEN", degraded.getString("data.'breaker.nodes'"));
        assertTrue(degraded.getString("data.redis").startsWith("unreachable"), degraded.prettify());
        // The subscription to other instances' invalidations hears of the loss as its connection closes.
        for (int i = 0; i < 40 && upstreamCheck().getString("data.'redis.invalidations'").startsWith("heard"); i++) {
            Thread.sleep(50);
        }
        assertTrue(upstreamCheck().getString("data.'redis.invalidations'").startsWith("may miss"), degraded.prettify());
    }

    @Test
    void livenessIsSimple() {
        given().get("/q/health/live").then().statusCode(200);
    }

    private static JsonPath upstreamCheck() {
        return new JsonPath(given().get("/q/health/ready").then().statusCode(200).extract().asString())
                .setRootPath("checks.find { it.name == 'v2ex-upstream' }");
    }
}
