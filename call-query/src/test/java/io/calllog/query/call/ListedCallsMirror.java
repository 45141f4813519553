package io.calllog.query.call;

import io.calllog.query.projection.DocumentMirror;
import org.bson.Document;

/** A mirror of {@code calls} with only the listed fields, as the embedded default declares one, for tests. */
final class ListedCallsMirror implements DocumentMirror {

    static final String COLLECTION = "listed_calls";

    @Override
    public String source() {
        return CallDocument.COLLECTION;
    }

    @Override
    public String collection() {
        return COLLECTION;
    }

    @Override
    public Document entryOf(Document call) {
        return CallFilter.entryOf(call);
    }
}
