package dev.v2exgraphql.k8s;

/** One way an object breaks its schema, at a JSON-pointer-like path such as {@code /spec/replicas}. */
public record Violation(String path, String message) {

    @Override
    public String toString() {
        return (path.isEmpty() ? "/" : path) + ": " + message;
    }
}
