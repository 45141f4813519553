package io.calllog.query.projection;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Every segment of a projection, whichever instance holds it, read from {@code MongoTokenStore}'s collection without
 * claiming anything (the token store's own API claims a segment to read its token). The field names are those
 * axon-mongo 4.12 writes: {@code processorName}, {@code segment}, {@code owner}, {@code token}, {@code tokenType}.
 */
@Component
class TokenStoreSegments {

    static final String COLLECTION = "trackingtokens";

    private final MongoTemplate mongo;
    private final Serializer serializer;

    TokenStoreSegments(MongoTemplate mongo, Serializer serializer) {
        this.mongo = mongo;
        this.serializer = serializer;
    }

    List<SegmentStatus> of(String processorName) {
        List<SegmentStatus> segments = new ArrayList<>();
        for (Document entry : mongo.find(Query.query(where("processorName").is(processorName)), Document.class,
                COLLECTION)) {
            segments.add(SegmentStatus.of(entry.getInteger("segment"), entry.getString("owner"), token(entry)));
        }
        segments.sort(Comparator.comparingInt(SegmentStatus::segment));
        return segments;
    }

    private TrackingToken token(Document entry) {
        Object data = entry.get("token");
        if (data == null) {
            return null;
        }
        byte[] bytes = data instanceof Binary binary ? binary.getData() : (byte[]) data;
        return new GenericTokenEntry<>(bytes, entry.getString("tokenType"), "1970-01-01T00:00:00Z",
                entry.getString("owner"), entry.getString("processorName"), entry.getInteger("segment"), byte[].class)
                .getToken(serializer);
    }
}
