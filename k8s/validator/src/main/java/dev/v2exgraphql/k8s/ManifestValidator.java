package dev.v2exgraphql.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Validates every object of multi-document YAML files (e.g. the output of {@code kubectl kustomize})
 * against the Kubernetes API schema, offline. Prints one line per object and each violation under
 * it; exits 1 when any object is invalid, 2 on a file that cannot be read or parsed.
 *
 * <pre>java -cp ... dev.v2exgraphql.k8s.ManifestValidator rendered.yaml [more.yaml ...]</pre>
 */
public final class ManifestValidator {

    private final SchemaResolver schemas = new SchemaResolver();
    private final StrictChecker checker = new StrictChecker();

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ManifestValidator FILE.yaml...");
            System.exit(2);
        }
        ManifestValidator validator = new ManifestValidator();
        int objects = 0;
        int invalid = 0;
        for (String arg : args) {
            List<ObjectReport> reports;
            try {
                reports = validator.validate(Path.of(arg));
            } catch (IOException | YAMLException e) {
                System.err.println("FAIL " + arg + ": cannot read it as YAML: " + e.getMessage());
                System.exit(2);
                return;
            }
            for (ObjectReport report : reports) {
                objects++;
                if (report.valid()) {
                    System.out.println("ok   " + report.title());
                } else {
                    invalid++;
                    System.out.println("FAIL " + report.title());
                    report.violations().forEach(v -> System.out.println("       " + v));
                }
            }
        }
        System.out.println(objects + " objects checked, " + invalid + " invalid");
        System.exit(invalid == 0 && objects > 0 ? 0 : 1);
    }

    public List<ObjectReport> validate(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return validate(reader, file.toString());
        }
    }

    public List<ObjectReport> validate(Reader yaml, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // a repeated key would silently drop one of the values
        Yaml parser = new Yaml(new SafeConstructor(options));
        List<ObjectReport> reports = new ArrayList<>();
        for (Object document : parser.loadAll(yaml)) {
            if (document != null) {
                reports.add(validateObject(document, source));
            }
        }
        return reports;
    }

    ObjectReport validateObject(Object document, String source) {
        List<Violation> violations = new ArrayList<>();
        if (!(document instanceof Map<?, ?> object)) {
            violations.add(new Violation("", "a manifest must be a map, got " + StrictChecker.describe(document)));
            return new ObjectReport(source, "?", "?", "?", violations);
        }
        String apiVersion = text(object.get("apiVersion"));
        String kind = text(object.get("kind"));
        String name = object.get("metadata") instanceof Map<?, ?> metadata ? text(metadata.get("name")) : "?";
        Optional<Class<?>> model = apiVersion.equals("?") || kind.equals("?")
                ? Optional.empty() : schemas.modelFor(apiVersion, kind);
        if (model.isEmpty()) {
            violations.add(new Violation("", "no schema for apiVersion \"" + apiVersion + "\" kind \"" + kind
                    + "\" (misspelt, or not in the Kubernetes API)"));
        } else {
            checker.check(object, model.get(), "", violations);
        }
        return new ObjectReport(source, apiVersion, kind, name, violations);
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : "?";
    }
}
