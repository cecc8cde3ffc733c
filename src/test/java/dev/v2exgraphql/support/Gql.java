package dev.v2exgraphql.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Sends GraphQL operations to the service's HTTP endpoint, the way a frontend would. */
public final class Gql {

    /** The service under test (RestAssured's configured one). */
    private static final Instance SERVICE = new Instance(() -> given());

    private Gql() {
    }

    /** The same requests to another instance of the service (e.g. {@link SecondInstance}). */
    public record Instance(Supplier<RequestSpecification> base) {

        public JsonPath query(String token, String document) {
            return send(token, document, Map.of(), Map.of());
        }

        /** As a client behind a proxy: the proxy adds {@code X-Forwarded-For: address}. */
        public JsonPath forwardedFor(String address, String token, String document) {
            return send(token, document, Map.of(), Map.of("X-Forwarded-For", address));
        }

        JsonPath send(String token, String document, Map<String, Object> variables, Map<String, String> headers) {
            RequestSpecification request = base.get().contentType(ContentType.JSON).headers(headers)
                    .body(Map.of("query", document, "variables", variables));
            if (token != null) {
                request = request.header("Authorization", "Bearer " + token);
            }
            return request.when().post("/graphql")
                    .then().statusCode(200).contentType(ContentType.JSON)
                    .extract().jsonPath();
        }
    }

    /** The service under test, as an {@link Instance} beside others. */
    public static Instance service() {
        return SERVICE;
    }

    public static JsonPath query(String token, String document) {
        return SERVICE.query(token, document);
    }

    public static JsonPath query(String token, String document, Map<String, Object> variables) {
        return SERVICE.send(token, document, variables, Map.of());
    }

    /** As a client behind a proxy: the proxy adds {@code X-Forwarded-For: address}. */
    public static JsonPath forwardedFor(String address, String token, String document) {
        return SERVICE.forwardedFor(address, token, document);
    }

    /** The codes of all errors, in order. */
    public static List<String> codes(JsonPath response) {
        return response.getList("errors.extensions.code", String.class);
    }

    /** Whether the response has no {@code errors} entry at all. */
    public static boolean noErrors(JsonPath response) {
        return response.get("errors") == null;
    }
}
