package dev.v2exgraphql.budget;

/**
 * Why a call was not given a unit of the upstream budget; clients get it as
 * {@code extensions.reason} of a RATE_LIMITED error, with {@code retryAfter} up to the window's reset.
 */
public enum Shortfall {
    /** Nothing remains in the window, for anyone. */
    QUOTA_SPENT("The V2EX API quota is spent"),
    /** What remains is kept for private reads and mutations of tokens the upstream has accepted. */
    RESERVE("The V2EX API quota is nearly spent; what remains is kept for private data and mutations"),
    /** This client (its token, or its address as a trusted proxy reports it) has spent its share. */
    CLIENT_SHARE("This client has spent its share of the V2EX API quota"),
    /** Tokens not yet accepted by the upstream have spent the share new tokens from this address get. */
    NEW_TOKENS("Too many new tokens were tried from this address");

    private final String message;

    Shortfall(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }

    /** The code the Redis script and the in-process ledger return for it (0 means allowed). */
    int code() {
        return ordinal() + 1;
    }

    static Shortfall ofCode(int code) {
        return values()[code - 1];
    }
}
