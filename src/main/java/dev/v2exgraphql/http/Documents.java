package dev.v2exgraphql.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.v2exgraphql.graphql.CostEstimate;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import io.smallrye.mutiny.Uni;

/**
 * The GraphQL documents requests carry: a persisted query's hash resolved to its text
 * ({@link PersistedQueries}), the text parsed once and checked against the size limits
 * ({@link DocumentLimits}) before SmallRye sees it, and what the front needs to know of it.
 */
@ApplicationScoped
public class Documents {

    /**
     * What a parsed document holds: its operations by name, whether all of them are queries, and
     * what each may cost upstream ({@code costs} by name; {@code onlyCost} when there is one operation).
     */
    record Operations(Map<String, OperationDefinition.Operation> named, List<OperationDefinition.Operation> all,
            Map<String, CostEstimate.Plan> costs, CostEstimate.Plan onlyCost) {

        /** Only answers to queries may be kept. */
        boolean queryOnly() {
            return all.stream().allMatch(op -> op == OperationDefinition.Operation.QUERY);
        }

        /** The operation a request selects; null when it selects none (GraphQL then reports why). */
        OperationDefinition.Operation selected(String operationName) {
            return operationName != null ? named.get(operationName) : all.size() == 1 ? all.get(0) : null;
        }

        /** The cost plan of the operation a request selects (free when it selects none: GraphQL says why). */
        CostEstimate.Plan cost(String operationName) {
            return operationName != null ? costs.getOrDefault(operationName, CostEstimate.Plan.FREE)
                    : all.size() == 1 ? onlyCost : CostEstimate.Plan.FREE;
        }

        static Operations of(Document document) {
            Map<String, OperationDefinition.Operation> named = new HashMap<>();
            Map<String, CostEstimate.Plan> costs = new HashMap<>();
            List<OperationDefinition.Operation> all = new ArrayList<>();
            for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
                all.add(op.getOperation());
                if (op.getName() != null) {
                    named.put(op.getName(), op.getOperation());
                    costs.putIfAbsent(op.getName(), CostEstimate.plan(document, op.getName()));
                }
            }
            // The one operation of a document: its plan, worked out already when it has a name.
            CostEstimate.Plan only = all.size() != 1 ? CostEstimate.Plan.FREE
                    : costs.size() == 1 ? costs.values().iterator().next() : CostEstimate.plan(document, null);
            return new Operations(Map.copyOf(named), List.copyOf(all), Map.copyOf(costs), only);
        }
    }

    /** Documents that parsed before (frontends send the same few over and over), ~2 M chars at most. */
    private final Cache<String, Operations> parsed = Caffeine.newBuilder()
            .maximumWeight(2_000_000).<String, Operations> weigher((query, ops) -> query.length()).build();

    private final DocumentLimits limits;
    private final PersistedQueries persisted;

    @Inject
    public Documents(DocumentLimits limits, PersistedQueries persisted) {
        this.limits = limits;
        this.persisted = persisted;
    }

    /** The request with the query text it stands for (a persisted query's may come from Redis). */
    Uni<GraphQLRequest> resolve(GraphQLRequest request) {
        return persisted.resolve(request);
    }

    /**
     * The operations of the request's document, parsed and checked once per distinct text.
     *
     * @throws RequestRejected when there is no query, or it is not within the limits: with
     *         {@code application/json} a GraphQL error with 200, with graphql-response+json a request error, 400
     */
    Operations read(GraphQLRequest request, ResponseType type) {
        String query = request.query();
        if (query == null || query.isBlank()) {
            throw RequestRejected.badRequest("The request has no GraphQL 'query'");
        }
        Operations operations = parsed.getIfPresent(query);
        if (operations == null) {
            DocumentLimits.Checked checked = limits.check(query);
            if (!checked.accepted()) {
                DocumentLimits.Rejection why = checked.rejection();
                throw new RequestRejected(type == ResponseType.JSON ? 200 : 400, why.code().name(), why.message(),
                        null, why.location());
            }
            operations = Operations.of(checked.document());
            parsed.put(query, operations);
        }
        return operations;
    }

    /** A document that parsed may be persisted under the hash it was sent with. */
    void accepted(GraphQLRequest request) {
        persisted.register(request);
    }
}
