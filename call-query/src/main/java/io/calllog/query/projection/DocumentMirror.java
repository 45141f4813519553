package io.calllog.query.projection;

import org.bson.Document;

/**
 * A slimmer copy of the documents of one projected collection, kept by the runtime in a collection of its own: for a
 * server that scans where MongoDB would use an index (the embedded mongo-java-server), a scan of small entries instead
 * of whole documents. Declared as a bean; the runtime writes an entry whenever its document's entry changes, in the
 * same batch and before the document (so an entry is never left behind its document: a batch that stops between the
 * two writes is handled again), drops it with its documents when the projection is replayed, and fills it at start
 * when it is empty while its documents are not.
 */
public interface DocumentMirror {

    /** The projected collection it mirrors. */
    String source();

    /** The collection of its entries, keyed by the same {@code _id}. */
    String collection();

    /** The entry of a stored document (as BSON, {@code _id} included). */
    Document entryOf(Document document);
}
