package dev.v2exgraphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.Fixtures;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Outside dev mode the example page is off by default: its paths answer 404, the API is untouched. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class FrontendTest extends FakeUpstreamTest {

    @Test
    void thePageIsNotServedWhenSwitchedOff() {
        for (String path : new String[] {"/", "/index.html", "/app/main.js", "/app/style.css"}) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void theApiStillAnswers() {
        assertEquals("alice", Gql.query(Fixtures.TOKEN_ALICE, "{ viewer { member { username } } }")
                .getString("data.viewer.member.username"));
    }
}
