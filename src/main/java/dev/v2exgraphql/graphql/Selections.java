package dev.v2exgraphql.graphql;

import java.util.List;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.SelectedField;
import io.smallrye.graphql.api.Context;

/** What the current query selects below the field being resolved. */
final class Selections {

    private Selections() {
    }

    /** The {@code page} arguments of a paged child field (e.g. {@code topics}), once per alias. */
    static List<Integer> pagesOf(Context context, String childField) {
        DataFetchingEnvironment env = context.unwrap(DataFetchingEnvironment.class);
        if (env == null) {
            return List.of();
        }
        return env.getSelectionSet().getImmediateFields().stream()
                .filter(field -> field.getName().equals(childField))
                .map(Selections::page)
                .filter(page -> page != null)
                .distinct()
                .toList();
    }

    /** The page asked for: 1 by default; null when it is not a number (the field reports that). */
    private static Integer page(SelectedField field) {
        if (!field.getArguments().containsKey("page") || field.getArguments().get("page") == null) {
            return 1;
        }
        return field.getArguments().get("page") instanceof Number page ? Integer.valueOf(page.intValue()) : null;
    }
}
