package dev.v2exgraphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import graphql.language.AstPrinter;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The served schema keeps every name and type of the public contract (a copy of the design's
 * schema-contract.graphql lives in test resources): more is welcome, renaming or retyping is not.
 */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class SchemaContractTest {

    @Test
    void servedSchemaContainsTheWholeContract() throws IOException {
        TypeDefinitionRegistry contract = parse(resource("/schema-contract.graphql"));
        TypeDefinitionRegistry live = parse(given().get("/graphql/schema.graphql").then().statusCode(200)
                .extract().asString());
        List<String> problems = new ArrayList<>();

        for (ObjectTypeDefinition type : contract.getTypes(ObjectTypeDefinition.class)) {
            ObjectTypeDefinition served = live.getType(type.getName(), ObjectTypeDefinition.class).orElse(null);
            if (served == null) {
                problems.add("missing type " + type.getName());
                continue;
            }
            for (FieldDefinition field : type.getFieldDefinitions()) {
                FieldDefinition liveField = served.getFieldDefinitions().stream()
                        .filter(f -> f.getName().equals(field.getName())).findFirst().orElse(null);
                String where = type.getName() + "." + field.getName();
                if (liveField == null) {
                    problems.add("missing field " + where);
                    continue;
                }
                check(problems, where, AstPrinter.printAst(field.getType()), AstPrinter.printAst(liveField.getType()));
                for (InputValueDefinition arg : field.getInputValueDefinitions()) {
                    InputValueDefinition liveArg = liveField.getInputValueDefinitions().stream()
                            .filter(a -> a.getName().equals(arg.getName())).findFirst().orElse(null);
                    if (liveArg == null) {
                        problems.add("missing argument " + where + "(" + arg.getName() + ")");
                        continue;
                    }
                    check(problems, where + "(" + arg.getName() + ")",
                            AstPrinter.printAst(arg.getType()) + defaultOf(arg),
                            AstPrinter.printAst(liveArg.getType()) + defaultOf(liveArg));
                }
            }
        }
        for (EnumTypeDefinition type : contract.getTypes(EnumTypeDefinition.class)) {
            EnumTypeDefinition served = live.getType(type.getName(), EnumTypeDefinition.class).orElse(null);
            assertNotNull(served, "missing enum " + type.getName());
            check(problems, type.getName(), names(type), names(served));
        }
        assertTrue(live.scalars().containsKey("DateTime"), "DateTime scalar");
        assertEquals(List.of(), problems);
    }

    private static void check(List<String> problems, String where, String expected, String actual) {
        if (!expected.equals(actual)) {
            problems.add(where + ": contract says " + expected + ", served " + actual);
        }
    }

    private static String defaultOf(InputValueDefinition arg) {
        return arg.getDefaultValue() == null ? "" : " = " + AstPrinter.printAst(arg.getDefaultValue());
    }

    private static String names(EnumTypeDefinition type) {
        return type.getEnumValueDefinitions().stream().map(EnumValueDefinition::getName).sorted().toList().toString();
    }

    private static TypeDefinitionRegistry parse(String sdl) {
        return new SchemaParser().parse(sdl);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaContractTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
