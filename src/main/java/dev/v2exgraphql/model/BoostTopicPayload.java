package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

public record BoostTopicPayload(
        @Id @NonNull String topicId,
        @Description("When the boost ends, if the upstream tells") Instant boostedUntil) {
}
