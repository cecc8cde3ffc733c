package dev.v2exgraphql.model;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

public record CreateTokenPayload(@NonNull @Description("The new secret, shown once: store it now") String token) {
}
