package io.calllog.query.projection;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.index.IndexDefinition;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A projection that keeps one document per call in a collection: it says, in its {@code @EventHandler}s, how an event
 * changes the call's document ({@link #change}), and the runtime does the rest.
 * <ul>
 *     <li><b>Batching and coalescing.</b> A change is staged, not written: after the batch's last event and before its
 *     token is stored, the runtime reads every call the batch touched in one query, applies each call's changes in
 *     order, and writes each changed document once, in one unordered bulk write ({@link DocumentBatch}).</li>
 *     <li><b>Redelivery is a no-op.</b> Each document carries {@value #SEQUENCE_FIELD}, the call's event number of the
 *     last event applied; an event at or below it is not applied again. The projection's documents stay plain
 *     records without it.</li>
 *     <li><b>Replays.</b> A reset drops the collection (and its {@link DocumentMirror mirrors} and
 *     {@link TermIndex term index}) and creates the projection's {@link #indexes()} again; they are also created at
 *     start.</li>
 *     <li><b>Found by terms.</b> A projection that declares a {@link #termIndex()} has its documents' terms kept in
 *     an inverted index, updated in the same batch ({@link TermPostings}) and read with {@link TermSearch}.</li>
 * </ul>
 * Writing whole documents is safe because one call's events are handled by one segment, and a segment by one owner at
 * a time (its claim in the token store).
 *
 * @param <D> the document: a record mapped by Spring Data MongoDB, keyed ({@code @Id}) by the call's uuid
 */
public abstract class DocumentProjection<D> implements SmartInitializingSingleton {

    /** The field of every document that holds the call's event number of the last event applied to it. */
    public static final String SEQUENCE_FIELD = "lastSequence";
    /** The field of every document of a projection with a {@link TermIndex}: its number in that index. */
    public static final String ORDINAL_FIELD = "ordinal";

    private final ProjectionRuntime runtime;
    private final String collection;
    private final Class<D> type;

    protected DocumentProjection(ProjectionRuntime runtime, String collection, Class<D> type) {
        this.runtime = runtime;
        this.collection = collection;
        this.type = type;
    }

    /** The indexes the projection's queries need, created at start and after a replay dropped the collection. */
    protected List<IndexDefinition> indexes() {
        return List.of();
    }

    /**
     * The terms its documents are found by, kept by the runtime as an inverted index ({@link TermIndex}); none by
     * default. Called once, at construction of the first batch and at start.
     */
    protected TermIndex<D> termIndex() {
        return null;
    }

    /**
     * Stages what the event being handled does to its call's document: {@code change} is given the document as it
     * stands (null while the call has none) and answers it after the event (null: still none). It runs when the batch
     * is written, and only if the event is newer than what the document holds.
     */
    protected final void change(String callUuid, UnaryOperator<D> change) {
        EventMessage<?> event = ProjectionBatch.currentEvent();
        if (!(event instanceof DomainEventMessage<?> domain) || !callUuid.equals(domain.getAggregateIdentifier())) {
            throw new IllegalArgumentException("a document projection keys each document by the call whose event "
                    + "changes it; " + callUuid + " is not the call of event " + event.getIdentifier());
        }
        long sequence = domain.getSequenceNumber();
        ProjectionBatch.stage("documents." + collection,
                () -> new DocumentBatch<>(runtime, collection, type, termIndex()),
                batch -> batch.stage(callUuid, sequence, change));
    }

    @ResetHandler
    protected final void dropDocuments() {
        runtime.drop(collection);
        TermIndex<D> terms = termIndex();
        if (terms != null) {
            runtime.mongo().dropCollection(terms.collection());
            runtime.recordTermIndexVersion(terms);
        }
        createIndexes();
    }

    /** Creates the indexes, and fills the term index when documents were written before it existed. */
    @Override
    public void afterSingletonsInstantiated() {
        createIndexes();
        TermIndex<D> terms = termIndex();
        if (terms != null) {
            runtime.fillTermIndex(collection, type, terms);
        }
    }

    private void createIndexes() {
        var operations = runtime.mongo().indexOps(collection);
        indexes().forEach(operations::createIndex);
        if (termIndex() != null) {
            runtime.createOrdinalIndexes(collection);
        }
    }
}
