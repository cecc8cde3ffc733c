package dev.v2exgraphql.model;

import java.util.List;

import org.eclipse.microprofile.graphql.NonNull;

public record TopicPage(@NonNull List<@NonNull Topic> items, @NonNull PageInfo pageInfo) {
}
