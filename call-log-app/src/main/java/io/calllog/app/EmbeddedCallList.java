package io.calllog.app;

import io.calllog.query.call.CallFilter;
import io.calllog.query.projection.DocumentMirror;
import org.bson.Document;


/**
 * The embedded read model's list of calls: beside each call of {@code calls}, its entry in {@code call_list} with
 * only the fields that {@code GET /api/calls} filters and sorts on ({@link CallFilter#FIELDS}), which list queries
 * search instead of the calls.
 * <p>
 * Only the embedded server needs it. mongo-java-server builds no secondary index: every list query scans, and a scan
 * costs per document read, so scanning 100,000 five-field entries instead of 100,000 calls with their transcripts
 * keeps a filtered page within tens of milliseconds (docs/benchmarks.md). On MongoDB the {@code calls} collection's
 * own compound indexes serve filter, sort and count, so call-query declares no mirror and writes none.
 */
final class EmbeddedCallList implements DocumentMirror {

    static final String COLLECTION = "call_list";

    @Override
    public String source() {
        return "calls";
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
