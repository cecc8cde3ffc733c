package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The HTTP surface around the schema: GET queries, GraphiQL, depth limit. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class EndpointTest extends FakeUpstreamTest {

    @Test
    void queriesWorkOverGet() {
        JsonPath r = given().header("Authorization", "Bearer " + TOKEN_ALICE)
                .queryParam("query", "{ node(name: \"python\") { name } }")
                .get("/graphql").then().statusCode(200).extract().jsonPath();
        assertEquals("python", r.getString("data.node.name"));
    }

    @Test
    void graphiqlIsServed() {
        given().get("/q/graphql-ui/").then().statusCode(200).body(containsString("graphiql"));
    }

    @Test
    void tooDeepQueriesAreRefusedBeforeAnyUpstreamCall() {
        String deep = "{ node(name: \"python\") { topics { items { node { topics { items { node { topics { items { "
                + "node { topics { items { node { topics { items { node { name } } } } } } } } } } } } } } } } }";
        JsonPath r = Gql.query(TOKEN_ALICE, deep);
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(r), r::prettify);
        assertEquals(0, counters().total());
        assertTrue(r.getString("errors[0].message").toLowerCase().contains("depth"), r.getString("errors[0].message"));
    }
}
