package dev.v2exgraphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import graphql.ParseAndValidate;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;

/** Every document the example page sends is valid against the exported schema (graphql/schema.graphql). */
class FrontendQueriesTest {

    private static final Pattern DOCUMENT = Pattern.compile("export const (\\w+) = `([^`]*)`");

    @Test
    void everyDocumentOfThePageValidatesAgainstTheSchema() throws IOException {
        GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse(Files.readString(Path.of("graphql/schema.graphql"))));
        String source = Files.readString(Path.of("src/main/resources/META-INF/resources/app/queries.js"));
        Map<String, String> documents = new LinkedHashMap<>();
        Matcher m = DOCUMENT.matcher(source);
        while (m.find()) {
            documents.put(m.group(1), m.group(2));
        }
        assertTrue(documents.keySet().containsAll(List.of("VIEWER", "NODE_TOPICS", "TOPIC", "BUDGET")), documents.keySet()::toString);
        for (Map.Entry<String, String> document : documents.entrySet()) {
            List<ValidationError> errors = ParseAndValidate.validate(schema, Parser.parse(document.getValue()));
            assertEquals(List.of(), errors, document.getKey());
        }
    }
}
