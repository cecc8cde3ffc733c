package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A V2EX member. The same shape everywhere; fields the upstream did not send in that place are null.")
public record Member(
        @Id @NonNull String id,
        @NonNull String username,
        @NonNull @Description("Profile page") String url,
        String avatar,
        String bio,
        String website,
        String github,
        String twitter,
        String location,
        String tagline,
        @Description("Whether the member is PRO; only known where the upstream says (topics and replies)") Boolean pro,
        Instant createdAt) {
}
