package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** {@code v2ex.limits.introspection=false}: __schema and __type are refused, everything else works. */
@QuarkusTest
@TestProfile(IntrospectionOffTest.Off.class)
@WithTestResource(FakeUpstreamResource.class)
class IntrospectionOffTest extends FakeUpstreamTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("v2ex.limits.introspection", "false");
        }
    }

    @Test
    void schemaAndTypeIntrospectionAreRefused() {
        for (String query : List.of("{ __schema { queryType { name } } }", "{ __type(name: \"Topic\") { name } }",
                "{ node(name: \"python\") { name } __schema { types { name } } }")) {
            JsonPath r = Gql.query(TOKEN_ALICE, query);
            assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r), r::prettify);
            assertTrue(r.getString("errors[0].message").contains("Introspection has been disabled"), r::prettify);
        }
    }

    @Test
    void typenameAndOrdinaryQueriesStillWork() {
        JsonPath r = Gql.query(TOKEN_ALICE, "{ __typename node(name: \"python\") { __typename name } }");
        assertTrue(Gql.noErrors(r), r::prettify);
        assertEquals("Query", r.getString("data.__typename"));
        assertEquals("Node", r.getString("data.node.__typename"));
        assertEquals("python", r.getString("data.node.name"));
    }
}
