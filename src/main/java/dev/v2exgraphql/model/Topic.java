package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The fields every topic has, whether it came from a topic detail or a node's topic list. Author,
 * node, supplements and replies are resolved separately (see TopicFields), because list items lack them.
 */
@Description("A topic (a thread) in a node.")
public record Topic(
        @Id @NonNull String id,
        @NonNull String title,
        String content,
        @Description("HTML, links absolutized") String contentRendered,
        @NonNull ContentSyntax syntax,
        @NonNull String url,
        @Description("Number of replies") int replyCount,
        @Description("Username of the last replier") String lastReplyBy,
        @NonNull Instant createdAt,
        Instant lastModifiedAt,
        Instant lastTouchedAt) {
}
