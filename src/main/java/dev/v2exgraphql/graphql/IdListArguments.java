package dev.v2exgraphql.graphql;

import io.smallrye.graphql.schema.model.Argument;
import io.smallrye.graphql.schema.model.Operation;
import io.smallrye.graphql.schema.model.Scalars;
import io.smallrye.graphql.spi.EventingService;

/**
 * Makes {@code @Id List<String>} arguments ({@code [ID!]!}) work. SmallRye GraphQL 2.17 records the
 * list's own class as the ID scalar's Java type, which gives the right schema but makes it try to
 * bind every item ("1003") to a {@code List} at runtime. This fixes the model before the schema and
 * the data fetchers are built: the items are plain strings. Loaded through ServiceLoader.
 */
public class IdListArguments implements EventingService {

    @Override
    public String getConfigKey() {
        return null; // always on: topics(ids:) depends on it
    }

    @Override
    public Operation createOperation(Operation operation) {
        for (Argument argument : operation.getArguments()) {
            if (argument.hasWrapper() && argument.getWrapper().isCollectionOrArrayOrMap()
                    && Scalars.getIDScalar(argument.getReference().getClassName()).getName()
                            .equals(argument.getReference().getName())
                    && argument.getReference().getClassName().equals(argument.getWrapper().getWrapperClassName())) {
                argument.setReference(Scalars.getIDScalar(String.class.getName()));
            }
        }
        return operation;
    }
}
