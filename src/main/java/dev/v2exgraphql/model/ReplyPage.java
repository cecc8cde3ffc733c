package dev.v2exgraphql.model;

import java.util.List;

import org.eclipse.microprofile.graphql.NonNull;

public record ReplyPage(@NonNull List<@NonNull Reply> items, @NonNull PageInfo pageInfo) {
}
