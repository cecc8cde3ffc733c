package dev.v2exgraphql.graphql;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import dev.v2exgraphql.model.BoostTopicPayload;
import dev.v2exgraphql.model.CreateTokenPayload;
import dev.v2exgraphql.model.DeleteNotificationPayload;
import dev.v2exgraphql.model.StickyDuration;
import dev.v2exgraphql.model.StickyTopicPayload;
import dev.v2exgraphql.model.TokenExpiration;
import dev.v2exgraphql.model.TokenScope;
import dev.v2exgraphql.model.Topic;
import dev.v2exgraphql.service.TopicService;
import dev.v2exgraphql.service.ViewerService;
import io.smallrye.mutiny.Uni;

/** The four mutations. None is ever retried automatically: boosting costs copper, tokens are real. */
@GraphQLApi
public class MutationResolvers {

    @Inject
    CurrentRequest current;
    @Inject
    TopicService topicService;
    @Inject
    ViewerService viewerService;

    @Mutation("setTopicSticky") // without the explicit name SmallRye would drop the "set" prefix
    @NonNull
    @Description("Pins one of your own topics to the top of its node for a while.")
    public Uni<StickyTopicPayload> setTopicSticky(@NonNull @Id String topicId,
            @DefaultValue("MINUTES_15") StickyDuration duration) {
        return current.run(request -> topicService.setSticky(request, topicId, duration));
    }

    @Mutation
    @NonNull
    @Description("Places one of your own topics on the home page; needs PRO or 50 000+ tokens and costs copper.")
    public Uni<BoostTopicPayload> boostTopic(@NonNull @Id String topicId) {
        return current.run(request -> topicService.boost(request, topicId));
    }

    @Mutation
    @NonNull
    @Description("Creates a personal access token; needs a token of scope EVERYTHING. The secret is shown once.")
    public Uni<CreateTokenPayload> createToken(@NonNull TokenScope scope, @NonNull TokenExpiration expiration) {
        return current.run(request -> viewerService.createToken(request, scope, expiration));
    }

    @Mutation
    @NonNull
    @Description("Deletes one of your notifications.")
    public Uni<DeleteNotificationPayload> deleteNotification(@NonNull @Id String id) {
        return current.run(request -> viewerService.deleteNotification(request, id));
    }

    @Description("The topic as it is now.")
    public Uni<Topic> topic(@Source StickyTopicPayload payload) {
        return current.run(request -> topicService.topic(request, payload.topicId()));
    }

    @Description("The topic as it is now.")
    public Uni<Topic> topic(@Source BoostTopicPayload payload) {
        return current.run(request -> topicService.topic(request, payload.topicId()));
    }
}
