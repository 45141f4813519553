package io.calllog.query.projection;

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
 * batch touches (by {@code _id}), then the term index's postings that changed ({@link TermPostings}), then the
 * mirrors' entries that changed, then one unordered bulk write of whole documents, so that all the events of a call in
 * the batch cost one write. What is derived from a document is written before it: a batch that stops between the
 * writes is handled again, from the documents as they were, and every derived write is a no-op the second time.
 * <p>
 * A call that the read found missing is inserted, not upserted, which spares the read model a lookup per new call
 * (most of a replay's writes). Should another writer have created it meanwhile (an owner that lost its claim
 * mid-batch), the insert fails the batch, and the processor handles it again, as a replacement this time.
 */
final class DocumentBatch<D> extends ProjectionBatch {

    private record Change<D>(long sequence, UnaryOperator<D> apply) {
    }

    /** A document the batch changed: as it was (null: new) and as it is now. */
    private record Changed<D>(D before, D after, Document stored, Document written) {
    }

    private final ProjectionRuntime runtime;
    private final String collection;
    private final Class<D> type;
    private final TermIndex<D> terms;
    private final Map<String, List<Change<D>>> changes = new LinkedHashMap<>();

    DocumentBatch(ProjectionRuntime runtime, String collection, Class<D> type, TermIndex<D> terms) {
        this.runtime = runtime;
        this.collection = collection;
        this.type = type;
        this.terms = terms;
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
        runtime.forEachIn(collection, "_id", changes.keySet(), null,
                document -> stored.put((String) document.get("_id"), document));
        List<Changed<D>> changed = new ArrayList<>(changes.size());
        changes.forEach((uuid, callChanges) -> {
            Changed<D> change = applied(stored.get(uuid), callChanges);
            if (change != null) {
                changed.add(change);
            }
        });
        changes.clear();
        if (terms != null) {
            TermPostings postings = postings(changed);
            List<String> pulled = postings.pulled(terms::dropsEmpty);
            runtime.write(terms.collection(), postings.writes());
            runtime.dropEmptyPostings(terms.collection(), pulled);
        }
        List<DocumentMirror> mirrors = runtime.mirrorsOf(collection);
        for (DocumentMirror mirror : mirrors) {
            List<WriteModel<Document>> entries = new ArrayList<>();
            for (Changed<D> change : changed) {
                Document entry = ProjectionRuntime.entryOf(mirror, change.written());
                if (change.stored() == null || !entry.equals(ProjectionRuntime.entryOf(mirror, change.stored()))) {
                    entries.add(ProjectionRuntime.replacement(entry));
                }
            }
            runtime.write(mirror.collection(), entries);
        }
        List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
        for (Changed<D> change : changed) {
            writes.add(change.stored() == null ? new InsertOneModel<>(change.written())
                    : ProjectionRuntime.replacement(change.written()));
        }
        runtime.write(collection, writes);
    }

    /**
     * The term index's writes for these changes: each document keeps its ordinal, a document without one (new, or
     * written before the index existed) is given one, and the terms it gained or lost are added or pulled.
     */
    private TermPostings postings(List<Changed<D>> changed) {
        List<Changed<D>> unnumbered = changed.stream()
                .filter(change -> change.stored() == null || !change.stored().containsKey(DocumentProjection.ORDINAL_FIELD))
                .toList();
        long next = unnumbered.isEmpty() ? 0 : TermPostings.reserve(runtime, terms.collection(), unnumbered.size());
        TermPostings postings = new TermPostings();
        for (Changed<D> change : changed) {
            Object ordinal = change.stored() == null ? null : change.stored().get(DocumentProjection.ORDINAL_FIELD);
            boolean numbered = ordinal != null;
            long number = numbered ? ((Number) ordinal).longValue() : next++;
            change.written().put(DocumentProjection.ORDINAL_FIELD, number);
            postings.change(number, numbered && change.before() != null ? terms.termsOf(change.before()) : Map.of(),
                    terms.termsOf(change.after()), terms.sortKeyOf(change.after()));
        }
        return postings;
    }

    /**
     * The document after the changes newer than it, or null when none of them changed it (a change that answers the
     * document it was given leaves it as it is, guard included).
     */
    private Changed<D> applied(Document stored, List<Change<D>> callChanges) {
        D before = stored == null ? null : runtime.mongo().getConverter().read(type, stored);
        D document = before;
        long sequence = stored == null ? -1 : ((Number) stored.get(DocumentProjection.SEQUENCE_FIELD)).longValue();
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
        Document written = new Document();
        runtime.mongo().getConverter().write(document, written);
        written.remove("_class");
        written.put(DocumentProjection.SEQUENCE_FIELD, sequence);
        if (stored != null && stored.containsKey(DocumentProjection.ORDINAL_FIELD)) {
            written.put(DocumentProjection.ORDINAL_FIELD, stored.get(DocumentProjection.ORDINAL_FIELD));
        }
        return new Changed<>(before, document, stored, written);
    }
}
