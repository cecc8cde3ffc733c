package dev.v2exgraphql.model;

import java.util.List;

import org.eclipse.microprofile.graphql.NonNull;

public record NotificationPage(@NonNull List<@NonNull Notification> items, @NonNull PageInfo pageInfo) {
}
