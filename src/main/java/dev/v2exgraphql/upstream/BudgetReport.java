package dev.v2exgraphql.upstream;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.budget.Charge;
import dev.v2exgraphql.budget.Priority;
import dev.v2exgraphql.budget.QuotaGovernor;
import dev.v2exgraphql.budget.QuotaGovernor.Standing;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.model.RateLimit;
import dev.v2exgraphql.request.ClientRequest;
import io.smallrye.mutiny.Uni;

/** The upstream budget told to a client: the whole service's window and the client's share of it. */
@ApplicationScoped
public class BudgetReport {

    private final QuotaGovernor quota;
    private final int maxRequestCost;

    @Inject
    BudgetReport(QuotaGovernor quota, V2exConfig config) {
        this.quota = quota;
        this.maxRequestCost = config.quota().maxRequestCost();
    }

    /** What this request may cost and where its client stands; no upstream call. */
    public Uni<RateLimit> of(ClientRequest request) {
        // Counted as its calls are: under its token and its address (the priority does not matter here).
        Charge charge = new Charge(Priority.PRIVATE_READ, request.hasToken() ? request.tokenHash() : null,
                request.addressHash(), request.addressReported(), true);
        int cost = (int) Math.max(0, Math.min(Integer.MAX_VALUE, request.estimatedCost()));
        return quota.standing(charge).map(standing -> report(cost, standing, charge.tokenHash() != null));
    }

    private RateLimit report(int cost, Standing standing, boolean hasClient) {
        QuotaGovernor.Budget window = standing.budget();
        if (window == null) {
            return new RateLimit(cost, maxRequestCost, null, null, null, null, null);
        }
        Integer share = hasClient ? standing.clientShare() : null;
        Integer left = hasClient ? Math.max(0, Math.min(standing.clientShare() - standing.clientSpent(),
                Math.max(0, window.remaining()))) : null;
        return new RateLimit(cost, maxRequestCost, window.limit(), Math.max(0, window.remaining()),
                Instant.ofEpochSecond(window.resetEpochSeconds()), share, left);
    }
}
