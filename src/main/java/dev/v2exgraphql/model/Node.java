package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A V2EX node (a board of topics).")
public record Node(
        @Id @NonNull String id,
        @NonNull String name,
        @NonNull String title,
        @Description("HTML, links absolutized") String header,
        @Description("HTML, links absolutized") String footer,
        String avatar,
        @NonNull String url,
        @Description("Number of topics in the node") int topicCount,
        Instant createdAt,
        Instant lastModifiedAt) {
}
