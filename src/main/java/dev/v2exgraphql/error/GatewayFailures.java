package dev.v2exgraphql.error;

/** Finds our typed failure inside the wrappers (CompletionException, Mutiny, SmallRye) around it. */
public final class GatewayFailures {

    private GatewayFailures() {
    }

    /** @return the {@link GatewayException} in the cause chain, or null when the failure is a bug. */
    public static GatewayException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GatewayException gateway) {
                return gateway;
            }
        }
        return null;
    }

    public static boolean is(Throwable failure, ErrorCode code) {
        GatewayException gateway = find(failure);
        return gateway != null && gateway.is(code);
    }
}
