package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

public record StickyTopicPayload(
        @Id @NonNull String topicId,
        @Description("When the pin ends") Instant stickyUntil) {
}
