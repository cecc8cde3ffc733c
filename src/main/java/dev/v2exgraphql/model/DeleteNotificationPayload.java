package dev.v2exgraphql.model;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

public record DeleteNotificationPayload(@Id @NonNull String deletedId) {
}
