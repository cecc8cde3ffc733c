package dev.v2exgraphql.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The checker's self-test: a valid manifest passes, and each file of {@code broken/} (the valid one
 * with exactly one defect, named in its "# expect:" line) fails with exactly that violation.
 */
class ManifestValidatorTest {

    private static final Path RESOURCES = Path.of("src/test/resources");

    private final ManifestValidator validator = new ManifestValidator();

    @Test
    void validManifestPasses() throws IOException {
        List<ObjectReport> reports = validator.validate(RESOURCES.resolve("valid/app.yaml"));

        assertEquals(2, reports.size());
        reports.forEach(r -> assertTrue(r.valid(), r.title() + " " + r.violations()));
    }

    static Stream<Path> brokenManifests() throws IOException {
        return Files.list(RESOURCES.resolve("broken")).sorted();
    }

    @ParameterizedTest
    @MethodSource("brokenManifests")
    void brokenManifestFailsForItsOneDefect(Path file) throws IOException {
        String expected = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "");

        List<Violation> violations = validator.validate(file).stream()
                .flatMap(r -> r.violations().stream()).toList();

        assertEquals(1, violations.size(), "violations: " + violations);
        assertTrue(violations.get(0).toString().contains(expected),
                "expected \"" + expected + "\" in " + violations.get(0));
    }

    @Test
    void duplicateKeysAreRejected() {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1', x: '2'}\n";

        assertThrows(YAMLException.class, () -> validator.validate(new StringReader(yaml), "inline"));
    }

    @Test
    void documentThatIsNoMapFails() {
        List<ObjectReport> reports = validator.validate(new StringReader("- just\n- a list\n"), "inline");

        assertFalse(reports.get(0).valid());
    }

    @Test
    void apiClassFollowsGroupAndVersion() {
        assertEquals("CoreV1Api", SchemaResolver.apiClassName("v1"));
        assertEquals("AppsV1Api", SchemaResolver.apiClassName("apps/v1"));
        assertEquals("AutoscalingV2Api", SchemaResolver.apiClassName("autoscaling/v2"));
        assertEquals("NetworkingV1Api", SchemaResolver.apiClassName("networking.k8s.io/v1"));
        assertEquals("RbacAuthorizationV1Api", SchemaResolver.apiClassName("rbac.authorization.k8s.io/v1"));
    }

    @Test
    void eachKindResolvesToItsOwnModel() {
        SchemaResolver schemas = new SchemaResolver();

        assertEquals("V1Deployment", schemas.modelFor("apps/v1", "Deployment").orElseThrow().getSimpleName());
        assertEquals("V1Namespace", schemas.modelFor("v1", "Namespace").orElseThrow().getSimpleName());
        assertEquals("V2HorizontalPodAutoscaler",
                schemas.modelFor("autoscaling/v2", "HorizontalPodAutoscaler").orElseThrow().getSimpleName());
        assertTrue(schemas.modelFor("policy/v1beta1", "PodDisruptionBudget").isEmpty(), "removed in 1.25");
    }
}
