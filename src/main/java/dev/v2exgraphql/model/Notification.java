package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A notification of the viewer, newest first.")
public record Notification(
        @Id @NonNull String id,
        @NonNull @Description("HTML, links absolutized") String text,
        @Description("The quoted content, as text; JSON text when the upstream sent an object") String payload,
        @Description("HTML, links absolutized") String payloadRendered,
        @NonNull Instant createdAt,
        @Description("Who caused it; the upstream only tells the username") Member actor) {
}
