package dev.v2exgraphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * graphql/schema.graphql is the published contract. This test fails when the code's schema and the
 * file disagree; run it with -Dschema.update=true to rewrite the file (see README).
 */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class SchemaDriftTest {

    private static final Path EXPORTED = Path.of("graphql", "schema.graphql");

    @Test
    void exportedSchemaMatchesTheCode() throws IOException {
        String live = given().when().get("/graphql/schema.graphql")
                .then().statusCode(200).extract().asString();
        if (Boolean.getBoolean("schema.update")) {
            Files.writeString(EXPORTED, live, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(EXPORTED, StandardCharsets.UTF_8), live,
                "graphql/schema.graphql is out of date: run ./mvnw test -Dtest=SchemaDriftTest -Dschema.update=true");
    }
}
