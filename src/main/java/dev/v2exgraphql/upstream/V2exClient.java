package dev.v2exgraphql.upstream;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.v2exgraphql.budget.Charge;
import dev.v2exgraphql.budget.Priority;
import dev.v2exgraphql.budget.QuotaGovernor;
import dev.v2exgraphql.budget.TokenVerdicts;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.telemetry.BudgetMetrics;
import dev.v2exgraphql.telemetry.UpstreamOutcome;
import dev.v2exgraphql.telemetry.UpstreamTelemetry;
import dev.v2exgraphql.v2ex.Endpoint;
import dev.v2exgraphql.v2ex.Envelope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The one client of the V2EX API v2: non-blocking, one pooled Vert.x WebClient for the app. Every
 * call goes through the {@link UpstreamGuard} (fault tolerance and the quota), carries the token of
 * the {@link ClientRequest} it is made for (the caller's) and the configured User-Agent, and counts
 * against that request; every answer reports the budget to the
 * {@link QuotaGovernor} and is decoded by {@link ResponseDecoder} into an {@link Envelope} or a
 * typed {@link GatewayException}.
 */
@ApplicationScoped
public class V2exClient {

    private static final Logger LOG = Logger.getLogger(V2exClient.class);

    private final WebClient client;
    private final URI baseUrl;
    private final V2exConfig.Api config;
    private final ResponseDecoder decoder;
    private final UpstreamGuard guard;
    private final QuotaGovernor quota;
    private final UpstreamTelemetry telemetry;
    private final BudgetMetrics budgetMetrics;
    private final TokenVerdicts verdicts;

    @Inject
    public V2exClient(Vertx vertx, V2exConfig config, QuotaGovernor quota, UpstreamGuard guard,
            UpstreamTelemetry telemetry, BudgetMetrics budgetMetrics, TokenVerdicts verdicts) {
        this.verdicts = verdicts;
        this.guard = guard;
        this.telemetry = telemetry;
        this.budgetMetrics = budgetMetrics;
        this.quota = quota;
        this.config = config.api();
        this.baseUrl = URI.create(withTrailingSlash(config.demo().enabled()
                ? "http://127.0.0.1:" + config.demo().port() + "/api/v2/"
                : this.config.baseUrl()));
        LOG.infof("V2EX API at %s", baseUrl);
        this.decoder = new ResponseDecoder(quota);
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent(this.config.userAgent())
                // A redirect would carry the caller's Authorization header to wherever it points.
                .setFollowRedirects(false)
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setMaxPoolSize(this.config.maxConnections())
                .setKeepAlive(true)
                // Traced by UpstreamTelemetry, with the endpoint's template as the span's name.
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setDecompressionSupported(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** A GET of an endpoint without path parameter (member, token). */
    public Uni<Envelope> get(Endpoint endpoint, ClientRequest request) {
        return get(endpoint, request, null, Map.of());
    }

    public Uni<Envelope> get(Endpoint endpoint, ClientRequest request, String param) {
        return get(endpoint, request, param, Map.of());
    }

    /** @param param the value of the endpoint's path placeholder (validated by the caller), or null */
    public Uni<Envelope> get(Endpoint endpoint, ClientRequest request, String param, Map<String, String> query) {
        String token = request.token(); // no token, no call: failed before any budget is taken
        // Public reads give way first when the budget runs low; the caller's own data does not.
        Priority priority = endpoint.cacheKind().isPrivate() ? Priority.PRIVATE_READ : Priority.PUBLIC_READ;
        return withTokenVerdict(endpoint, request, priority,
                charge -> guard.read(endpoint, charge, () -> send(endpoint, request, token, param, query, null)));
    }

    public Uni<Envelope> post(Endpoint endpoint, ClientRequest request, String param, Map<String, String> query,
            JsonObject body) {
        String token = request.token();
        return withTokenVerdict(endpoint, request, Priority.WRITE,
                charge -> guard.write(endpoint, charge, () -> send(endpoint, request, token, param, query, body)));
    }

    public Uni<Envelope> delete(Endpoint endpoint, ClientRequest request, String param) {
        String token = request.token();
        return withTokenVerdict(endpoint, request, Priority.WRITE,
                charge -> guard.write(endpoint, charge, () -> send(endpoint, request, token, param, Map.of(), null)));
    }

    /**
     * A token the upstream refused is not sent again; one it has not judged yet goes alone first
     * ({@link TokenVerdicts}); what the upstream then says of it is remembered. The call is charged
     * to the caller's token and address, and as a new token until the upstream accepted it.
     */
    private Uni<Envelope> withTokenVerdict(Endpoint endpoint, ClientRequest request, Priority priority,
            Function<Charge, Uni<Envelope>> call) {
        return verdicts.admit(request.tokenHash())
                .onFailure().invoke(refused -> {
                    telemetry.notSent(endpoint, UpstreamOutcome.TOKEN_REFUSED);
                    budgetMetrics.refused(BudgetMetrics.Refusal.BAD_TOKEN);
                })
                .flatMap(pass -> call.apply(new Charge(priority, request.tokenHash(), request.addressHash(),
                        request.addressReported(), pass.accepted()))
                        .onItemOrFailure().invoke((envelope, failure) -> verdicts.settle(pass, failure))
                        // A call given up on says nothing of the token, but must let the others go.
                        .onCancellation().invoke(() -> verdicts.settle(pass, new CancellationException())));
    }

    private Uni<Envelope> send(Endpoint endpoint, ClientRequest request, String token, String param,
            Map<String, String> query, JsonObject body) {
        HttpMethod method = endpoint.method();
        String path = endpoint.path(param);
        // Deferred: each attempt (retries included) is timed and traced from the moment it is sent.
        return Uni.createFrom().deferred(() -> {
            request.spentUpstreamCall();
            UpstreamTelemetry.Observation observation = telemetry.start(endpoint, baseUrl);
            HttpRequest<Buffer> http = client.requestAbs(method, baseUrl.resolve(path).toString())
                    .putHeader("Authorization", "Bearer " + token)
                    .putHeader("Accept", "application/json")
                    .timeout(config.requestTimeout().toMillis());
            query.forEach(http::addQueryParam);
            Uni<HttpResponse<Buffer>> response = body == null ? http.send() : http.sendJsonObject(body);
            long started = System.nanoTime();
            return response
                    // The Vert.x timeout bounds silence between bytes; this bounds the whole call.
                    .ifNoItem().after(config.requestTimeout()).fail()
                    .onItem().invoke(r -> {
                        observation.answered(r.statusCode());
                        LOG.debugf("%s %s -> %d in %d ms", method, path, r.statusCode(),
                                (System.nanoTime() - started) / 1_000_000);
                    })
                    .onFailure(failure -> !(failure instanceof GatewayException)).transform(failure -> {
                        // Only the failure's kind is logged: messages of some network errors echo request details.
                        LOG.debugf("%s %s failed: %s", method, path, failure.getClass().getSimpleName());
                        observation.unanswered(failure);
                        quota.unanswered();
                        return GatewayException.unavailable("The V2EX API could not be reached");
                    })
                    .map(decoder::decode)
                    .onItemOrFailure().invoke((envelope, failure) -> observation.end(failure))
                    .onCancellation().invoke(observation::cancelled);
        });
    }

    private static String withTrailingSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }
}
