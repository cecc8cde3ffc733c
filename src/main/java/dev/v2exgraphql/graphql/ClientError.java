package dev.v2exgraphql.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.language.SourceLocation;

/**
 * An error exactly as clients see it: message, locations, path and our extensions. graphql-java's
 * own error types would add a {@code classification} such as "DataFetchingException" to the output.
 */
record ClientError(String message, List<SourceLocation> locations, List<Object> path,
        Map<String, Object> extensions, ErrorClassification errorType) implements GraphQLError {

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public List<SourceLocation> getLocations() {
        return locations;
    }

    @Override
    public List<Object> getPath() {
        return path;
    }

    @Override
    public Map<String, Object> getExtensions() {
        return extensions;
    }

    @Override
    public ErrorClassification getErrorType() {
        return errorType; // kept for the HTTP layer's decisions; not part of what clients see
    }

    @Override
    public Map<String, Object> toSpecification() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("message", message);
        if (locations != null && !locations.isEmpty()) {
            spec.put("locations", locations.stream()
                    .map(l -> Map.of("line", l.getLine(), "column", l.getColumn())).toList());
        }
        if (path != null) {
            spec.put("path", path);
        }
        spec.put("extensions", extensions);
        return spec;
    }
}
