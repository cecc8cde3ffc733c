package dev.v2exgraphql.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.cache.PersistedQueryStore;
import dev.v2exgraphql.config.V2exConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Automatic Persisted Queries, Apollo's protocol (SmallRye GraphQL has none). A request whose
 * {@code extensions.persistedQuery} is {@code {"version": 1, "sha256Hash": "<hex>"}}:
 * <ul>
 * <li>without {@code query}: runs the query stored under that hash, or answers
 * {@code PersistedQueryNotFound} (HTTP 200, as Apollo does: clients then send the query with the hash);
 * <li>with {@code query}: the hash must be the query's SHA-256 ({@code provided sha does not match
 * query}, 400); once the document parses it is stored, and the query runs.
 * </ul>
 */
@ApplicationScoped
public class PersistedQueries {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    @Inject
    PersistedQueryStore store;

    @Inject
    V2exConfig config;

    /** The request with the query it stands for; fails with a {@link RequestRejected} otherwise. */
    public Uni<GraphQLRequest> resolve(GraphQLRequest request) {
        String hash;
        try {
            hash = hashOf(request);
        } catch (RequestRejected rejected) {
            return Uni.createFrom().failure(rejected);
        }
        if (hash == null) {
            return Uni.createFrom().item(request);
        }
        if (request.query() != null) {
            return sha256(request.query()).equals(hash) ? Uni.createFrom().item(request)
                    : Uni.createFrom().failure(RequestRejected.badRequest("provided sha does not match query"));
        }
        return store.find(hash).onItem().transform(query -> {
            if (query == null) {
                throw new RequestRejected(200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound", null);
            }
            return request.withQuery(query);
        });
    }

    /**
     * Keeps a query sent with its hash, once its document parsed (broken documents are not worth a
     * slot). Queries longer than {@code v2ex.apq.max-query-chars} run but are not kept.
     */
    public void register(GraphQLRequest request) {
        String hash = hashOf(request);
        if (hash != null && request.query().length() <= config.apq().maxQueryChars() && store.local(hash) == null) {
            store.store(hash, request.query());
        }
    }

    /** The lower-case hash the request names, or null when it names none. */
    private String hashOf(GraphQLRequest request) {
        Object persisted = request.extensions() == null ? null : request.extensions().getValue("persistedQuery");
        if (persisted == null) {
            return null;
        }
        if (!config.apq().enabled()) {
            throw new RequestRejected(200, "PERSISTED_QUERY_NOT_SUPPORTED", "PersistedQueryNotSupported", null);
        }
        if (!(persisted instanceof JsonObject apq) || !(apq.getValue("version") instanceof Number version)
                || version.doubleValue() != 1) {
            throw RequestRejected.badRequest("Unsupported persisted query version: only version 1 is known");
        }
        if (!(apq.getValue("sha256Hash") instanceof String hash) || !SHA256_HEX.matcher(hash).matches()) {
            throw RequestRejected.badRequest("'persistedQuery.sha256Hash' must be a SHA-256 in hexadecimal");
        }
        return hash.toLowerCase(Locale.ROOT);
    }

    static String sha256(String query) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(query.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible); // every JVM has SHA-256
        }
    }
}
