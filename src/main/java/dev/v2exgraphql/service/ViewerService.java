package dev.v2exgraphql.service;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.cache.CacheKey;
import dev.v2exgraphql.cache.TwoTierCache;
import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.error.GatewayFailures;
import dev.v2exgraphql.model.CreateTokenPayload;
import dev.v2exgraphql.model.DeleteNotificationPayload;
import dev.v2exgraphql.model.Member;
import dev.v2exgraphql.model.NotificationPage;
import dev.v2exgraphql.model.Token;
import dev.v2exgraphql.model.TokenExpiration;
import dev.v2exgraphql.model.TokenScope;
import dev.v2exgraphql.model.Viewer;
import dev.v2exgraphql.request.BearerToken;
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.upstream.V2exClient;
import dev.v2exgraphql.upstream.V2exMapper;
import dev.v2exgraphql.v2ex.Endpoint;
import dev.v2exgraphql.v2ex.Envelope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** The caller's own data: member, token, notifications, and the token and notification mutations. */
@ApplicationScoped
public class ViewerService {

    private final V2exClient client;
    private final V2exMapper mapper;
    private final TwoTierCache cache;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public ViewerService(V2exClient client, V2exMapper mapper, TwoTierCache cache) {
        this.client = client;
        this.mapper = mapper;
        this.cache = cache;
    }

    /** The viewer exists exactly when there is a token; its fields check the token upstream. */
    public Uni<Viewer> viewer(ClientRequest request) {
        request.token(); // UNAUTHENTICATED without a token, before any lookup
        return Uni.createFrom().item(new Viewer());
    }

    public Uni<Member> member(ClientRequest request) {
        return request.once(Endpoint.MEMBER.path(null), () -> cache.get(request, CacheKey.privateOf(Endpoint.MEMBER.cacheKind(), request, "me"),
                key -> client.get(Endpoint.MEMBER, request))
                .map(envelope -> mapper.member(envelope.resultObject())));
    }

    public Uni<Token> token(ClientRequest request) {
        return request.once(Endpoint.TOKEN.path(null), () -> cache.get(request, CacheKey.privateOf(Endpoint.TOKEN.cacheKind(), request, "me"),
                key -> client.get(Endpoint.TOKEN, request).map(ViewerService::withoutSecret))
                .map(envelope -> mapper.token(envelope.resultObject(), clock.instant())));
    }

    /** The upstream echoes the whole token; only its masked form may be cached. */
    private static Envelope withoutSecret(Envelope envelope) {
        JsonObject info = envelope.resultObject().copy();
        Object secret = info.remove("token");
        info.put("masked_token", BearerToken.mask(secret instanceof String s ? s : null));
        return new Envelope(envelope.message(), info, envelope.pagination());
    }

    public Uni<NotificationPage> notifications(ClientRequest request, Integer page) {
        int p = Paging.requirePage(page);
        return request.once(Endpoint.NOTIFICATIONS.path(null) + "?p=" + p,
                () -> cache.get(request, CacheKey.privatePage(Endpoint.NOTIFICATIONS.cacheKind(), request, p),
                        key -> client.get(Endpoint.NOTIFICATIONS, request, null, Map.of("p", String.valueOf(p))))
                        .map(envelope -> {
                            var slice = Paging.slice(p, Endpoint.NOTIFICATIONS.perPage(), envelope,
                                    mapper.list(envelope.resultArray(), mapper::notification));
                            return new NotificationPage(slice.items(), slice.pageInfo());
                        }));
    }

    public Uni<DeleteNotificationPayload> deleteNotification(ClientRequest request, String id) {
        long notificationId = Ids.numeric("notification", id);
        return client.delete(Endpoint.DELETE_NOTIFICATION, request, String.valueOf(notificationId))
                // Every page after the deleted one shifts: drop all of this token's pages.
                .call(() -> cache.invalidate(List.of(), List.of(CacheKey.privatePage(Endpoint.NOTIFICATIONS.cacheKind(), request, 1))))
                .map(envelope -> new DeleteNotificationPayload(String.valueOf(notificationId)))
                .onFailure(failure -> GatewayFailures.is(failure, ErrorCode.NOT_FOUND))
                .transform(failure -> GatewayException.notFound("Notification " + notificationId + " does not exist"));
    }

    public Uni<CreateTokenPayload> createToken(ClientRequest request, TokenScope scope, TokenExpiration expiration) {
        JsonObject body = new JsonObject()
                .put("scope", scope.upstreamValue())
                .put("expiration", expiration.seconds());
        return client.post(Endpoint.CREATE_TOKEN, request, null, Map.of(), body)
                .map(envelope -> envelope.resultObject().getString("token"))
                .map(token -> {
                    if (token == null || token.isBlank()) {
                        throw GatewayException.unavailable("The V2EX API did not return the new token");
                    }
                    return new CreateTokenPayload(token);
                })
                .onFailure(failure -> GatewayFailures.is(failure, ErrorCode.BAD_USER_INPUT))
                .transform(failure -> GatewayException.badInput(
                        "The V2EX API refused to create the token (a member may hold at most 10 tokens)"));
    }
}
