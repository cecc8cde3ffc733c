package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

@Description("Text the author appended to a topic after posting it.")
public record TopicSupplement(
        @Id @NonNull String id,
        String content,
        @Description("HTML, links absolutized") String contentRendered,
        @NonNull ContentSyntax syntax,
        @NonNull Instant createdAt) {
}
