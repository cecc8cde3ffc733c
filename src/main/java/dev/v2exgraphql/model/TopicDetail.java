package dev.v2exgraphql.model;

import java.util.List;

/** What the upstream's topic detail adds to a {@link Topic}; internal, not a GraphQL type. */
public record TopicDetail(Topic topic, Member author, Node node, List<TopicSupplement> supplements) {
}
