package io.calllog.query.call;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoCursor;
import io.calllog.query.projection.ProjectionRuntime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams every call a list's filters (and {@code q}) select, in the list's order, to an output stream: the matching
 * uuids from a cursor, and the calls themselves {@value #CHUNK} at a time by {@code _id}, each chunk written and
 * flushed before the next is read, so that memory does not grow with the export. On MongoDB the uuids come from the
 * list's indexes in order; on the embedded server, which sorts in memory, they are the matching entries' ids (about
 * a hundred bytes a call). A search's uuids are its matches, as the list finds them ({@link CallQueryHandlers}).
 * A client that goes away makes the next write fail, which ends the export there (counted as abandoned).
 * <p>
 * It reads the read model directly rather than through the query bus: its answer is a stream, not a message.
 */
@Component
public class CallExport {

    static final int CHUNK = ProjectionRuntime.IN_CHUNK;
    static final String ACTIVE = "calllog.exports.active";
    static final String ABANDONED = "calllog.exports.abandoned";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Logger log = LoggerFactory.getLogger(CallExport.class);

    private final MongoTemplate mongo;
    private final CallQueryHandlers handlers;
    /** Writes one call's JSON straight to the export's writer: no string per call, no flush per call. */
    private final ObjectWriter json;
    private final String searched;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter abandoned;

    CallExport(MongoTemplate mongo, ProjectionRuntime runtime, CallQueryHandlers handlers, ObjectMapper json,
               MeterRegistry registry) {
        this.mongo = mongo;
        this.handlers = handlers;
        this.json = json.writerFor(CallView.class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .without(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        this.searched = runtime.searchedCollection(CallDocument.COLLECTION);
        registry.gauge(ACTIVE, active);
        this.abandoned = Counter.builder(ABANDONED).description("Exports ended by their client before the last call")
                .register(registry);
    }

    /**
     * Answers an export as an attachment named after its time ({@code calls-20261204T101500Z.csv}), in the format
     * named ({@code ndjson} or {@code csv}); an {@link IOException} means the client went away.
     */
    public void download(CallFilter filter, String format, HttpServletResponse response) throws IOException {
        ExportFormat as = ExportFormat.named(format);
        response.setContentType(as.mediaType);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("calls-" + STAMP.format(Instant.now()) + "." + as.extension).build().toString());
        write(filter, as, response.getOutputStream());
    }

    /** Writes the export; an {@link IOException} means the client went away, and ends it. */
    void write(CallFilter filter, ExportFormat format, OutputStream out) throws IOException {
        SearchQuery search = filter.search();
        active.incrementAndGet();
        long written = 0;
        try (Uuids uuids = uuids(filter, search)) {
            Writer text = ExportFormat.textOf(out);
            format.start(text);
            List<String> chunk = new ArrayList<>(CHUNK);
            while (uuids.hasNext()) {
                chunk.add(uuids.next());
                if (chunk.size() == CHUNK || !uuids.hasNext()) {
                    for (CallDocument call : handlers.documents(chunk)) {
                        CallView view = CallView.of(call);
                        format.write(search == null ? view : view.with(search.matchesIn(call)), json, text);
                        written++;
                    }
                    chunk.clear();
                    text.flush();
                }
            }
            text.flush();
        } catch (IOException e) {
            abandoned.increment();
            log.info("An export ended after {} calls: its client went away ({})", written, e.getClass().getSimpleName());
            throw e;
        } finally {
            active.decrementAndGet();
        }
    }

    /**
     * The uuids of the calls to export, newest first: those a search finds; without {@code q}, where lists search a
     * mirror, those the term index selects; otherwise from a cursor over the list's filter (on MongoDB, an index).
     */
    private Uuids uuids(CallFilter filter, SearchQuery search) {
        if (search != null) {
            return Uuids.of(handlers.searched(filter, search).iterator());
        }
        List<String> byTerms = handlers.listedByTerms(filter);
        return byTerms != null ? Uuids.of(byTerms.iterator()) : listed(filter);
    }

    /** The uuids of the calls the filters select, newest first, from a cursor over the list's search. */
    private Uuids listed(CallFilter filter) {
        Document criteria = Query.query(CallQueryHandlers.criteria(filter)).getQueryObject();
        MongoCursor<Document> cursor = mongo.getCollection(searched).find(criteria)
                .sort(new Document("createdAt", -1).append("_id", 1))
                .projection(new Document("_id", 1)).batchSize(1_000).iterator();
        return new Uuids() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public String next() {
                return (String) cursor.next().get("_id");
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    /** The uuids of an export, in order; closing it frees its cursor. */
    interface Uuids extends Iterator<String>, AutoCloseable {

        @Override
        void close();

        static Uuids of(Iterator<String> uuids) {
            return new Uuids() {
                @Override
                public boolean hasNext() {
                    return uuids.hasNext();
                }

                @Override
                public String next() {
                    return uuids.next();
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
