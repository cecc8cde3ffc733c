package dev.v2exgraphql.k8s;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.annotations.SerializedName;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.QuantityFormatException;
import io.kubernetes.client.custom.QuantityFormatter;

/**
 * Checks a parsed YAML value against a model class generated from the Kubernetes OpenAPI spec, more
 * strictly than the API server's default: a field the schema does not name is an error (as with
 * {@code kubectl --validate=strict}), every required field must be there, and every value must have its
 * schema type (no string where a number belongs, no "true" for a boolean, quantities must parse).
 * A Java type this checker does not know is reported, never waved through.
 */
final class StrictChecker {

    private final Map<Class<?>, Map<String, Field>> fieldsByModel = new ConcurrentHashMap<>();

    void check(Object value, Type type, String path, List<Violation> out) {
        if (value == null) {
            return; // an explicit null is the same as an absent optional field
        }
        if (type instanceof ParameterizedType generic) {
            checkContainer(value, generic, path, out);
        } else if (type instanceof Class<?> c) {
            checkClass(value, c, path, out);
        } else {
            out.add(new Violation(path, "schema type " + type + " is not supported by this checker"));
        }
    }

    private void checkContainer(Object value, ParameterizedType type, String path, List<Violation> out) {
        Type[] args = type.getActualTypeArguments();
        if (type.getRawType() == List.class) {
            if (!(value instanceof List<?> list)) {
                out.add(new Violation(path, "expected a list, got " + describe(value)));
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), args[0], path + "/" + i, out);
            }
        } else if (type.getRawType() == Map.class) {
            if (!(value instanceof Map<?, ?> map)) {
                out.add(new Violation(path, "expected a map, got " + describe(value)));
                return;
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    out.add(new Violation(path, "map key " + describe(entry.getKey()) + " is not a string"));
                    continue;
                }
                check(entry.getValue(), args[1], path + "/" + key, out);
            }
        } else {
            out.add(new Violation(path, "schema type " + type + " is not supported by this checker"));
        }
    }

    private void checkClass(Object value, Class<?> type, String path, List<Violation> out) {
        String problem = null;
        if (type == Object.class) {
            return; // the schema allows any value here
        } else if (type == String.class) {
            problem = value instanceof String ? null : "expected a string, got " + describe(value);
        } else if (type == Integer.class) {
            problem = integerProblem(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } else if (type == Long.class) {
            problem = integerProblem(value, Long.MIN_VALUE, Long.MAX_VALUE);
        } else if (type == Double.class || type == Float.class || type == java.math.BigDecimal.class) {
            problem = value instanceof Number ? null : "expected a number, got " + describe(value);
        } else if (type == Boolean.class) {
            problem = value instanceof Boolean ? null : "expected a boolean, got " + describe(value);
        } else if (type == IntOrString.class) {
            problem = value instanceof String || integerProblem(value, Integer.MIN_VALUE, Integer.MAX_VALUE) == null
                    ? null : "expected an integer or a string, got " + describe(value);
        } else if (type == Quantity.class) {
            problem = quantityProblem(value);
        } else if (type == OffsetDateTime.class) {
            problem = value instanceof String || value instanceof Date ? null : "expected a timestamp, got " + describe(value);
        } else if (type == byte[].class) {
            problem = base64Problem(value);
        } else if (modelFields(type) != null) {
            checkModel(value, type, path, out);
        } else {
            problem = "schema type " + type.getName() + " is not supported by this checker";
        }
        if (problem != null) {
            out.add(new Violation(path, problem));
        }
    }

    private void checkModel(Object value, Class<?> model, String path, List<Violation> out) {
        if (!(value instanceof Map<?, ?> map)) {
            out.add(new Violation(path, "expected an object (" + model.getSimpleName() + "), got " + describe(value)));
            return;
        }
        Map<String, Field> fields = modelFields(model);
        for (String required : requiredFields(model)) {
            if (map.get(required) == null) {
                out.add(new Violation(path, "required field \"" + required + "\" is missing"));
            }
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Field field = fields.get(key);
            if (field == null) {
                out.add(new Violation(path, "unknown field \"" + key + "\" (not in the schema of "
                        + model.getSimpleName() + ")"));
            } else {
                check(entry.getValue(), field.getGenericType(), path + "/" + key, out);
            }
        }
    }

    /** The schema's property names mapped to their Java fields; null for a class that is no model. */
    private Map<String, Field> modelFields(Class<?> type) {
        if (!type.getName().startsWith("io.kubernetes.client.openapi.models.")) {
            return null;
        }
        return fieldsByModel.computeIfAbsent(type, c -> {
            Map<String, Field> fields = new HashMap<>();
            for (Field field : c.getDeclaredFields()) {
                SerializedName name = field.getAnnotation(SerializedName.class);
                if (name != null && !Modifier.isStatic(field.getModifiers())) {
                    fields.put(name.value(), field);
                }
            }
            // The generator also lists the schema's properties; both must agree, or the models changed shape.
            Set<String> declared = staticSet(c, "openapiFields");
            if (!declared.equals(fields.keySet())) {
                throw new IllegalStateException(c.getSimpleName() + ": fields " + fields.keySet()
                        + " differ from the schema's properties " + declared);
            }
            return fields;
        });
    }

    private static Set<String> requiredFields(Class<?> model) {
        return staticSet(model, "openapiRequiredFields");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> staticSet(Class<?> model, String name) {
        try {
            return (Set<String>) model.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model.getName() + " has no " + name, e);
        }
    }

    private static String integerProblem(Object value, long min, long max) {
        boolean integral = value instanceof Integer || value instanceof Long || value instanceof BigInteger;
        if (!integral) {
            return "expected an integer, got " + describe(value);
        }
        BigInteger n = new BigInteger(value.toString());
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            return "integer " + n + " is out of range";
        }
        return null;
    }

    private static String quantityProblem(Object value) {
        if (!(value instanceof String) && !(value instanceof Number)) {
            return "expected a quantity (e.g. 250m, 256Mi), got " + describe(value);
        }
        try {
            new QuantityFormatter().parse(value.toString());
            return null;
        } catch (QuantityFormatException | NumberFormatException e) {
            return "\"" + value + "\" is not a valid quantity (e.g. 250m, 256Mi)";
        }
    }

    private static String base64Problem(Object value) {
        if (!(value instanceof String s)) {
            return "expected base64 text, got " + describe(value);
        }
        try {
            Base64.getMimeDecoder().decode(s);
            return null;
        } catch (IllegalArgumentException e) {
            return "not valid base64";
        }
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String s) {
            return "the string \"" + s + "\"";
        } else if (value instanceof Boolean b) {
            return "the boolean " + b;
        } else if (value instanceof Number n) {
            return "the number " + n;
        } else if (value instanceof List<?>) {
            return "a list";
        } else if (value instanceof Map<?, ?>) {
            return "a map";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
