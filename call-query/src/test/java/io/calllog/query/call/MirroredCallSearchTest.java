package io.calllog.query.call;

import io.calllog.query.projection.DocumentProjection;
import io.calllog.query.projection.ProjectionRuntime;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same searches where lists search a mirror of {@code calls}, as on the embedded default. */
class MirroredCallSearchTest extends CallSearchTest {

    @Test
    void theMirrorsEntriesCarryTheOrdinalsSearchesLookThemUpBy() {
        assertThat(mongo().getCollection(ListedCallsMirror.COLLECTION).find().into(new java.util.ArrayList<>()))
                .hasSize(12).allSatisfy(entry -> assertThat(entry).containsKey(DocumentProjection.ORDINAL_FIELD));
    }

    @Override
    ProjectionRuntime runtime(MongoTemplate mongo) {
        return new ProjectionRuntime(mongo, List.of(new ListedCallsMirror()));
    }
}
