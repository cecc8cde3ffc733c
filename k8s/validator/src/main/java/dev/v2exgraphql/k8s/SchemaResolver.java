package dev.v2exgraphql.k8s;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the model class of an apiVersion and kind among the classes generated from the Kubernetes
 * OpenAPI spec, the way the spec itself pairs them: the body type of the create operation of that
 * kind in the API class of that group and version ({@code apps/v1 Deployment} is the body of
 * {@code AppsV1Api.createNamespacedDeployment}). So a kind under the wrong group or version has no
 * schema, just as the API server would not know it.
 */
final class SchemaResolver {

    private static final String APIS = "io.kubernetes.client.openapi.apis.";
    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    Optional<Class<?>> modelFor(String apiVersion, String kind) {
        Class<?> api;
        try {
            api = Class.forName(APIS + apiClassName(apiVersion));
        } catch (ClassNotFoundException unknownGroupVersion) {
            return Optional.empty();
        }
        for (Method method : api.getMethods()) {
            boolean create = method.getName().equals("create" + kind)
                    || method.getName().equals("createNamespaced" + kind);
            Class<?>[] parameters = method.getParameterTypes();
            if (create && parameters.length > 0) {
                Class<?> body = parameters[parameters.length - 1];
                if (body.getName().startsWith(MODELS)) {
                    return Optional.of(body);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code v1} → CoreV1Api, {@code apps/v1} → AppsV1Api, {@code networking.k8s.io/v1} → NetworkingV1Api. */
    static String apiClassName(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "core" : apiVersion.substring(0, slash).replaceFirst("\\.k8s\\.io$", "");
        String version = apiVersion.substring(slash + 1);
        StringBuilder name = new StringBuilder();
        for (String part : group.split("\\.")) {
            name.append(capitalize(part));
        }
        return name.append(capitalize(version)).append("Api").toString();
    }

    private static String capitalize(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
