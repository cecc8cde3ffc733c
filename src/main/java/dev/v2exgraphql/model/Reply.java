package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A reply to a topic.")
public record Reply(
        @Id @NonNull String id,
        String content,
        @Description("HTML, links absolutized") String contentRendered,
        @NonNull Instant createdAt,
        Member author) {
}
