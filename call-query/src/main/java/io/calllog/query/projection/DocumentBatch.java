package io.calllog.query.projection;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The document changes of one {@link DocumentProjection} staged over one batch: written as one read of every call the
 * batch touches (by {@code _id}), then the mirrors' entries that changed, then one unordered bulk write of whole
 * documents, so that all the events of a call in the batch cost one write.
 * <p>
 * A call that the read found missing is inserted, not upserted, which spares the read model a lookup per new call
 * (most of a replay's writes). Should another writer have created it meanwhile (an owner that lost its claim
 * mid-batch), the insert fails the batch, and the processor handles it again, as a replacement this time.
 */
final class DocumentBatch<D> extends ProjectionBatch {

    private record Change<D>(long sequence, UnaryOperator<D> apply) {
    }

    private final ProjectionRuntime runtime;
    private final String collection;
    private final Class<D> type;
    private final Map<String, List<Change<D>>> changes = new LinkedHashMap<>();

    DocumentBatch(ProjectionRuntime runtime, String collection, Class<D> type) {
        this.runtime = runtime;
        this.collection = collection;
        this.type = type;
    }

    void stage(String callUuid, long sequence, UnaryOperator<D> change) {
        changes.computeIfAbsent(callUuid, uuid -> new ArrayList<>()).add(new Change<>(sequence, change));
    }

    @Override
    protected boolean isEmpty() {
        return changes.isEmpty();
    }

    @Override
    protected void write() {
        Map<String, Document> stored = new HashMap<>();
        runtime.mongo().getCollection(collection).find(Filters.in("_id", changes.keySet()))
                .forEach(document -> stored.put((String) document.get("_id"), document));
        List<DocumentMirror> mirrors = runtime.mirrorsOf(collection);
        List<List<WriteModel<Document>>> entries = mirrors.stream()
                .<List<WriteModel<Document>>>map(m -> new ArrayList<>()).toList();
        List<WriteModel<Document>> writes = new ArrayList<>(changes.size());
        changes.forEach((uuid, callChanges) -> {
            Document before = stored.get(uuid);
            Document after = applied(before, callChanges);
            if (after == null) {
                return;
            }
            writes.add(before == null ? new InsertOneModel<>(after) : ProjectionRuntime.replacement(after));
            for (int i = 0; i < mirrors.size(); i++) {
                Document entry = mirrors.get(i).entryOf(after);
                if (before == null || !entry.equals(mirrors.get(i).entryOf(before))) {
                    entries.get(i).add(ProjectionRuntime.replacement(entry));
                }
            }
        });
        changes.clear();
        for (int i = 0; i < mirrors.size(); i++) {
            runtime.write(mirrors.get(i).collection(), entries.get(i));
        }
        runtime.write(collection, writes);
    }

    /**
     * The document after the changes newer than it, or null when none of them changed it (a change that answers the
     * document it was given leaves it as it is, guard included).
     */
    private Document applied(Document before, List<Change<D>> callChanges) {
        D document = before == null ? null : runtime.mongo().getConverter().read(type, before);
        long sequence = before == null ? -1 : ((Number) before.get(DocumentProjection.SEQUENCE_FIELD)).longValue();
        boolean changed = false;
        for (Change<D> change : callChanges) {
            if (document == null || change.sequence() > sequence) {
                D next = change.apply().apply(document);
                if (next != null && next != document) {
                    document = next;
                    sequence = change.sequence();
                    changed = true;
                }
            }
        }
        if (!changed) {
            return null;
        }
        Document after = new Document();
        runtime.mongo().getConverter().write(document, after);
        after.remove("_class");
        after.put(DocumentProjection.SEQUENCE_FIELD, sequence);
        return after;
    }
}
