package dev.v2exgraphql.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.model.RateLimit;
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.upstream.BudgetReport;
import io.smallrye.mutiny.Uni;

/** The {@code rateLimit} field: the budget as it stands right now, for this client alone. */
@ApplicationScoped
public class RateLimitService {

    /** The answer is the client's own and true for this moment only: nobody may keep it. */
    private static final ClientRequest.Source NOW = new ClientRequest.Source("rateLimit", true, false, 0, 0);

    @Inject
    BudgetReport budget;

    public Uni<RateLimit> rateLimit(ClientRequest request) {
        request.builtFrom(NOW);
        return budget.of(request);
    }
}
