package dev.v2exgraphql.model;

import org.eclipse.microprofile.graphql.Description;

@Description("Where a page stands. Pages count from 1; a page past the end is empty.")
public record PageInfo(
        int page,
        int perPage,
        @Description("Items in all pages, when the upstream tells") Integer totalItems,
        int totalPages,
        boolean hasNextPage,
        boolean hasPreviousPage) {
}
