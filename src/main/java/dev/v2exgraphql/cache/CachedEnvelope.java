package dev.v2exgraphql.cache;

import dev.v2exgraphql.v2ex.Envelope;
import io.vertx.core.json.JsonObject;

/**
 * An upstream answer and when it was fetched; stored as compact JSON in Redis.
 *
 * @param jsonChars length of that JSON (0 until known): what the entry weighs in the in-process tier
 */
public record CachedEnvelope(Envelope envelope, long fetchedAtMillis, int jsonChars) {

    public CachedEnvelope(Envelope envelope, long fetchedAtMillis) {
        this(envelope, fetchedAtMillis, 0);
    }

    public long ageMillis(long nowMillis) {
        return Math.max(0, nowMillis - fetchedAtMillis);
    }

    String toJson() {
        JsonObject json = new JsonObject().put("f", fetchedAtMillis).put("m", envelope.message())
                .put("r", envelope.result());
        Envelope.Pagination p = envelope.pagination();
        if (p != null) {
            json.put("p", new JsonObject().put("total", p.total()).put("pages", p.pages()).put("per_page", p.perPage()));
        }
        return json.encode();
    }

    /** @return the entry, or null when the text is not one (an old format, a foreign key) */
    static CachedEnvelope fromJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonObject json = new JsonObject(text);
            JsonObject p = json.getJsonObject("p");
            Envelope.Pagination pagination = p == null ? null
                    : new Envelope.Pagination(p.getInteger("total"), p.getInteger("pages"), p.getInteger("per_page"));
            return new CachedEnvelope(new Envelope(json.getString("m"), json.getValue("r"), pagination),
                    json.getLong("f"), text.length());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
