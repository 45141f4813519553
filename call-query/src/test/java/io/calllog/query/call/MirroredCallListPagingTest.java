package io.calllog.query.call;

import io.calllog.query.projection.DocumentMirror;
import io.calllog.query.projection.ProjectionRuntime;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;

/**
 * The same lists when the filter searches a mirror of {@code calls} with only the listed fields, as the embedded
 * default declares one for its scanning server.
 */
class MirroredCallListPagingTest extends CallListPagingTest {

    @Override
    ProjectionRuntime runtime(MongoTemplate mongo) {
        return new ProjectionRuntime(mongo, List.of(new DocumentMirror() {
            @Override
            public String source() {
                return CallDocument.COLLECTION;
            }

            @Override
            public String collection() {
                return "listed_calls";
            }

            @Override
            public Document entryOf(Document call) {
                Document entry = new Document("_id", call.get("_id"));
                List.of("campaignUuid", "recordUuid", "status", "createdAt").forEach(f -> entry.append(f, call.get(f)));
                return entry;
            }
        }));
    }
}
