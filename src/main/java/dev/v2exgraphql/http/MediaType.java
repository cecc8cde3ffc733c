package dev.v2exgraphql.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One media type as a {@code Content-Type} or one range of an {@code Accept} header writes it:
 * {@code type/subtype; name=value; ...}, names and types lower-cased, quotes dropped from values.
 * Both headers are read with it, so a malformed value is handled the same way for both.
 */
record MediaType(String type, String subtype, Map<String, String> parameters) {

    /** null when the value has no {@code type/subtype} (e.g. {@code ";;;"}, {@code "a/b/c"}). */
    static MediaType parse(String value) {
        String[] parts = value.split(";", -1); // -1: ";;;" is four empty parts, not none
        String[] typeAndSubtype = parts[0].strip().toLowerCase(Locale.ROOT).split("/", -1);
        if (typeAndSubtype.length != 2 || typeAndSubtype[0].isEmpty() || typeAndSubtype[1].isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            parameters.put(parameter[0].strip().toLowerCase(Locale.ROOT),
                    parameter.length == 2 ? parameter[1].strip().replace("\"", "") : "");
        }
        return new MediaType(typeAndSubtype[0], typeAndSubtype[1], parameters);
    }

    /** No charset said, or UTF-8: the only encoding GraphQL over HTTP uses. */
    boolean utf8() {
        String charset = parameters.get("charset");
        return charset == null || charset.equalsIgnoreCase("utf-8");
    }
}
