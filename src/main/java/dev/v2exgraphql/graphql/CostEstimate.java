package dev.v2exgraphql.graphql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.v2exgraphql.v2ex.Endpoint;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The most upstream calls one operation of our schema can cause, known from its document before
 * anything runs: every alias counted on its own, lists by the number of distinct ids or names they
 * ask for, each page of a paged field as one call, and the detail call each item of a node's page
 * needs when its author or supplements are selected. Caches may well answer all of it; this is the
 * worst case, which is what a request may be refused for. Unknown fields cost nothing (validation
 * rejects them next), and so do fragments spread inside themselves.
 *
 * <p>Worked out once per document and operation ({@link #plan}): a fixed part and, for each root
 * list given by a variable ({@code topics(ids: $ids)}), what each of its items costs, so a request
 * only counts its variables ({@link Plan#cost}).
 */
public final class CostEstimate {

    private static final long CAP = 1L << 40;

    /**
     * The cost of one operation: {@code fixed}, plus for each list read from a variable the number of
     * distinct items given times what one item costs.
     */
    public record Plan(long fixed, List<PerItem> perItem) {

        public static final Plan FREE = new Plan(0, List.of());

        /** The worst-case upstream calls of a request with these variables (null: none given). */
        public long cost(JsonObject variables) {
            long cost = fixed;
            for (PerItem term : perItem) {
                Object given = variables == null ? null : variables.getValue(term.variable());
                long items = given instanceof JsonArray array ? new HashSet<>(array.getList()).size()
                        : given == null ? term.defaultItems() : 1; // one value where a list goes is a list of one
                cost = add(cost, times(items, term.eachCosts()));
            }
            return cost;
        }
    }

    /** A list read from {@code variable}: each distinct item costs {@code eachCosts}; without the variable, its default's size. */
    public record PerItem(String variable, long eachCosts, long defaultItems) {
    }

    private final Map<String, FragmentDefinition> fragments = new HashMap<>();
    private final Set<String> expanding = new HashSet<>();
    private final Map<String, Value<?>> defaults = new HashMap<>();
    private final List<PerItem> perItem = new ArrayList<>();

    private CostEstimate(Document document, OperationDefinition operation) {
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.putIfAbsent(f.getName(), f));
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            if (definition.getDefaultValue() != null) {
                defaults.put(definition.getName(), definition.getDefaultValue());
            }
        }
    }

    /** The plan of the operation a request with this name selects ({@link Plan#FREE} when it selects none). */
    public static Plan plan(Document document, String operationName) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        OperationDefinition selected = null;
        for (OperationDefinition operation : operations) {
            if (operationName == null ? operations.size() == 1 : operationName.equals(operation.getName())) {
                selected = operation;
            }
        }
        if (selected == null) {
            return Plan.FREE; // GraphQL itself reports that no operation is selected
        }
        CostEstimate estimate = new CostEstimate(document, selected);
        long fixed = selected.getOperation() == OperationDefinition.Operation.MUTATION
                ? estimate.mutation(selected.getSelectionSet())
                : estimate.query(selected.getSelectionSet());
        return new Plan(fixed, List.copyOf(estimate.perItem));
    }

    private long query(SelectionSet set) {
        long cost = 0;
        for (Field field : fields(set)) {
            cost = add(cost, switch (field.getName()) {
                case "topic" -> add(1, topic(field.getSelectionSet()));
                case "topics" -> list(field, "ids", add(1, topic(field.getSelectionSet())));
                case "node" -> add(1, node(field.getSelectionSet(), new HashSet<>()));
                case "nodes" -> list(field, "names", add(1, node(field.getSelectionSet(), new HashSet<>())));
                case "viewer" -> viewer(field.getSelectionSet());
                default -> 0;
            });
        }
        return cost;
    }

    /** A root list: its fixed cost when written in the document, else a term counted per request. */
    private long list(Field field, String argument, long eachCosts) {
        Value<?> value = argument(field, argument);
        if (value instanceof VariableReference ref) {
            Value<?> fallback = defaults.get(ref.getName());
            perItem.add(new PerItem(ref.getName(), eachCosts, fallback == null ? 0 : distinct(fallback)));
            return 0;
        }
        return times(distinct(value), eachCosts);
    }

    private long mutation(SelectionSet set) {
        long cost = 0;
        for (Field field : fields(set)) {
            cost = add(cost, switch (field.getName()) {
                // The action, the topic's detail to learn which node pages to invalidate, and the
                // payload's topic as it is now.
                case "setTopicSticky", "boostTopic" -> add(2, payloadTopic(field.getSelectionSet()));
                case "createToken", "deleteNotification" -> 1;
                default -> 0;
            });
        }
        return cost;
    }

    private long payloadTopic(SelectionSet set) {
        long cost = 0;
        for (Field field : fields(set)) {
            if (field.getName().equals("topic")) {
                cost = add(cost, add(1, topic(field.getSelectionSet())));
            }
        }
        return cost;
    }

    /**
     * What one topic fetched by its own call (its detail: author, node and supplements included)
     * costs beyond that call: its pages of replies, and its node's pages.
     */
    private long topic(SelectionSet set) {
        long cost = 0;
        Set<String> replyPages = new HashSet<>();
        for (Field field : fields(set)) {
            switch (field.getName()) {
                case "node" -> cost = add(cost, node(field.getSelectionSet(), new HashSet<>()));
                case "replies" -> cost = add(cost, replyPages.add(page(field)) ? 1 : 0);
                default -> {
                }
            }
        }
        return cost;
    }

    /**
     * What one node costs beyond the call that fetched it: its pages of topics and what their items
     * need. {@code counted} names what of this node is already counted ("page:1", "details:1", ...):
     * an item's node is this very node, so the same page asked again below it costs nothing more.
     */
    private long node(SelectionSet set, Set<String> counted) {
        long cost = 0;
        for (Field field : fields(set)) {
            if (field.getName().equals("topics")) {
                String page = page(field);
                cost = add(cost, counted.add("page:" + page) ? 1 : 0);
                for (Field part : fields(field.getSelectionSet())) {
                    if (part.getName().equals("items")) {
                        cost = add(cost, itemsOf(part.getSelectionSet(), counted, page));
                    }
                }
            }
        }
        return cost;
    }

    /** What the items of one page of a node need: a detail each for author or supplements, their replies. */
    private long itemsOf(SelectionSet set, Set<String> counted, String page) {
        long cost = 0;
        long perPage = Endpoint.NODE_TOPICS.perPage();
        for (Field field : fields(set)) {
            switch (field.getName()) {
                case "author", "supplements" -> cost = add(cost, counted.add("details:" + page) ? perPage : 0);
                case "replies" -> cost = add(cost, counted.add("replies:" + page + ":" + page(field)) ? perPage : 0);
                case "node" -> cost = add(cost, node(field.getSelectionSet(), counted)); // the page's own node
                default -> {
                }
            }
        }
        return cost;
    }

    /** A paged field's page as written: a number, a variable's name, or 1 by default. */
    private static String page(Field field) {
        Value<?> value = argument(field, "page");
        if (value instanceof IntValue number) {
            return number.getValue().toString();
        }
        return value instanceof VariableReference ref ? "$" + ref.getName() : value == null ? "1" : value.toString();
    }

    private static Value<?> argument(Field field, String name) {
        for (Argument arg : field.getArguments()) {
            if (arg.getName().equals(name)) {
                return arg.getValue();
            }
        }
        return null;
    }

    private long viewer(SelectionSet set) {
        long cost = 0;
        for (Field field : fields(set)) {
            if (field.getName().equals("member") || field.getName().equals("token")
                    || field.getName().equals("notifications")) {
                cost = add(cost, 1);
            }
        }
        return cost;
    }

    /** The fields of a selection set, fragments expanded where they are spread (each spread counts). */
    private List<Field> fields(SelectionSet set) {
        List<Field> fields = new ArrayList<>();
        collect(set, fields);
        return fields;
    }

    private void collect(SelectionSet set, List<Field> into) {
        if (set == null) {
            return;
        }
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof Field field) {
                into.add(field);
            } else if (selection instanceof InlineFragment inline) {
                collect(inline.getSelectionSet(), into);
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition definition = fragments.get(spread.getName());
                if (definition != null && expanding.add(spread.getName())) {
                    collect(definition.getSelectionSet(), into);
                    expanding.remove(spread.getName());
                }
            }
        }
    }

    /**
     * How many distinct items a list written in the document holds; a variable inside it counts as
     * one (each may be a different id); null (no argument) is none: validation says why.
     */
    private static long distinct(Value<?> value) {
        if (value instanceof ArrayValue array) {
            Set<String> seen = new HashSet<>();
            int variablesInside = 0;
            for (Value<?> item : array.getValues()) {
                if (item instanceof VariableReference) {
                    variablesInside++;
                } else {
                    seen.add(item.toString());
                }
            }
            return seen.size() + variablesInside;
        }
        return value == null ? 0 : 1; // one value where a list goes is a list of one
    }

    private static long add(long a, long b) {
        return Math.min(CAP, a + b);
    }

    private static long times(long a, long b) {
        return a == 0 || b == 0 ? 0 : a > CAP / b ? CAP : Math.min(CAP, a * b);
    }
}
