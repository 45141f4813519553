package io.calllog.query.call;

import io.calllog.query.projection.ProjectionRuntime;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;

/** The same searches where lists search a mirror of {@code calls}, as on the embedded default. */
class MirroredCallSearchTest extends CallSearchTest {

    @Override
    ProjectionRuntime runtime(MongoTemplate mongo) {
        return new ProjectionRuntime(mongo, List.of(new ListedCallsMirror()));
    }
}
