package io.calllog.query.call;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.calllog.query.projection.ProjectionBatch;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The changes to the {@code calls} collection staged over one batch of events: written as one read of every call the
 * batch touches (by {@code _id}) and one unordered bulk write of whole documents, so that all the events of a call in
 * the batch cost one write.
 * <p>
 * The {@link CallListEntry list entries} of the calls whose listed fields changed are written first, in a bulk write
 * of their own. If the process stops between the two writes, the batch is handled again from the calls as they were,
 * so the entries are written again too; the other order could leave an entry behind its call for good.
 * <p>
 * Replacing whole documents is safe because one call's events are handled by one segment, and a segment by one owner
 * at a time (its claim in the token store). For the same reason a call that the read found missing is inserted, not
 * upserted, which spares the read model a lookup per new call (most of a replay's writes). Should another writer have
 * created it meanwhile (an owner that lost its claim mid-batch), the insert fails the batch, and the processor handles
 * it again, as a replacement this time.
 */
final class CallBatch extends ProjectionBatch {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    /**
     * One event's change: given the call as it stands (null if it has no document), the call after the event. An
     * event at or below the document's {@code lastSequence} is not applied.
     */
    private record Change(long sequence, Function<CallDocument, CallDocument> apply) {
    }

    private final MongoTemplate mongo;
    private final Map<String, List<Change>> changes = new LinkedHashMap<>();

    CallBatch(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void stage(String callUuid, long sequence, Function<CallDocument, CallDocument> apply) {
        changes.computeIfAbsent(callUuid, uuid -> new ArrayList<>()).add(new Change(sequence, apply));
    }

    @Override
    protected boolean isEmpty() {
        return changes.isEmpty();
    }

    @Override
    protected void write() {
        Map<String, CallDocument> stored = new HashMap<>();
        mongo.find(Query.query(where("_id").in(changes.keySet())), CallDocument.class)
                .forEach(call -> stored.put(call.uuid(), call));
        List<WriteModel<Document>> writes = new ArrayList<>(changes.size());
        List<ReplaceOneModel<Document>> entries = new ArrayList<>();
        changes.forEach((uuid, callChanges) -> {
            CallDocument before = stored.get(uuid);
            CallDocument call = before;
            for (Change change : callChanges) {
                if (call == null || change.sequence() > call.lastSequence()) {
                    call = change.apply().apply(call);
                }
            }
            if (call != null && call != before) {
                writes.add(before == null ? new InsertOneModel<>(document(call)) : replacement(uuid, call));
                CallListEntry entry = CallListEntry.of(call);
                if (before == null || !CallListEntry.of(before).equals(entry)) {
                    entries.add(replacement(uuid, entry));
                }
            }
        });
        changes.clear();
        if (!entries.isEmpty()) {
            mongo.getCollection(CallListEntry.COLLECTION).bulkWrite(entries, UNORDERED);
        }
        if (!writes.isEmpty()) {
            mongo.getCollection(CallDocument.COLLECTION).bulkWrite(writes, UNORDERED);
        }
    }

    private ReplaceOneModel<Document> replacement(String uuid, Object record) {
        return new ReplaceOneModel<>(Filters.eq("_id", uuid), document(record), UPSERT);
    }

    private Document document(Object record) {
        Document document = new Document();
        mongo.getConverter().write(record, document);
        document.remove("_class");
        return document;
    }
}
