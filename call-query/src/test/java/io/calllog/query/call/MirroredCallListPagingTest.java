package io.calllog.query.call;

import io.calllog.query.projection.DocumentMirror;
import io.calllog.query.projection.ProjectionRuntime;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same lists when the filter searches a mirror of {@code calls} with only the listed fields, as the embedded
 * default declares one for its scanning server.
 */
class MirroredCallListPagingTest extends CallListPagingTest {

    @Test
    void listsSearchTheMirrorWhichHoldsOnlyTheListedFields() {
        assertThat(new ProjectionRuntime(mongo(), List.of(mirror())).searchedCollection(CallDocument.COLLECTION))
                .isEqualTo("listed_calls");
        assertThat(mongo().getCollection("listed_calls").countDocuments()).isEqualTo(25);
        assertThat(mongo().getCollection("listed_calls").find().first())
                .containsOnlyKeys("_id", "campaignUuid", "recordUuid", "status", "createdAt", "direction", "endReason", "ordinal",
                        "duration", "cost");
    }

    @Override
    ProjectionRuntime runtime(MongoTemplate mongo) {
        return new ProjectionRuntime(mongo, List.of(mirror()));
    }

    private static DocumentMirror mirror() {
        return new ListedCallsMirror();
    }
}
