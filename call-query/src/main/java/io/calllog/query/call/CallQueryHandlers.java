package io.calllog.query.call;

import io.calllog.query.projection.ProjectionRuntime;
import io.calllog.query.projection.TermSearch;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Answers the call queries: one call from the {@code calls} collection by {@code _id}; a list by finding the page's
 * uuids and the total with the filter, then reading those calls by {@code _id}. On MongoDB the filter is answered from
 * the {@code calls} collection's indexes ({@link CallIndexes}): the uuids and the count from the index alone. Where a
 * {@link io.calllog.query.projection.DocumentMirror mirror} of {@code calls} is declared (the embedded default, whose
 * server scans), the filter searches the mirror's small entries instead.
 * <p>
 * A list reads the uuids of up to {@value #SINGLE_PASS} matching calls, in order, in one query: when the filter
 * matches no more than that (the usual dashboard query: one campaign, one status), the total is the number read and
 * the page is a slice of them, one pass where a count and a page would be two. On the embedded mongo-java-server,
 * where every pass is a scan, that halves the time of a list. A broader filter (or a page beyond the first
 * {@value #SINGLE_PASS} calls) is counted apart.
 * <p>
 * A transcript search ({@code q}) goes by the term index ({@link CallTerms}), on every server. Where the list
 * searches a mirror (a server that scans), a list without {@code q} goes by it too when it has no bound (with or without
 * a cursor): its equality filters (or, without any, {@link CallTerms#EVERY_CALL}) are terms, so the calls it selects are
 * their postings' intersection, and its page is read from the newest blocks of ordinals, where a scan would read
 * every entry (seconds at 100,000 calls once the entries outgrow the embedded server's page cache).
 */
@Component
class CallQueryHandlers {

    static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("_id"));
    static final int SINGLE_PASS = 1_000;

    private static final Comparator<Document> NEWEST_ENTRY_FIRST = Comparator
            .comparing((Document entry) -> (Date) entry.get("createdAt"), Comparator.reverseOrder())
            .thenComparing(entry -> (String) entry.get("_id"));
    private static final int MAX_PAGE_END = 1_000;

    private final MongoTemplate mongo;
    private final String searched;
    private final TermSearch terms;
    private final boolean scans;
    private final int singlePass;

    @Autowired
    CallQueryHandlers(MongoTemplate mongo, ProjectionRuntime runtime) {
        this(mongo, runtime, SINGLE_PASS);
    }

    /** With another single-pass size: tests use a small one to take both ways through a list. */
    CallQueryHandlers(MongoTemplate mongo, ProjectionRuntime runtime, int singlePass) {
        this.mongo = mongo;
        this.searched = runtime.searchedCollection(CallDocument.COLLECTION);
        this.terms = new TermSearch(runtime, CallTerms.COLLECTION);
        this.scans = !searched.equals(CallDocument.COLLECTION);
        this.singlePass = singlePass;
    }

    @QueryHandler
    Optional<CallView> handle(FindCall query) {
        return Optional.ofNullable(mongo.findById(query.uuid(), CallDocument.class)).map(CallView::of);
    }

    @QueryHandler
    CallPage handle(FindCalls query) {
        SearchQuery search = query.filter().search();
        if (search != null) {
            BitSet found = terms.havingAll(wanted(query.filter(), search), search.phrases());
            CallPage newest = newest(query, search, found);
            return newest != null ? newest : search(query, search, entries(query.filter(), found));
        }
        if (scans && !query.filter().hasBounds()) {
            List<String> selecting = CallTerms.of(query.filter());
            if (selecting.isEmpty()) {
                selecting = List.of(CallTerms.EVERY_CALL); // read only when nothing else selects: every call holds it
            }
            CallPage newest = newest(query, null, terms.havingAll(selecting));
            if (newest != null) {
                return newest;
            }
        }
        if (query.after() != null) {
            return after(query);
        }
        int skip = (int) Math.min(Integer.MAX_VALUE, (long) (query.page() - 1) * query.limit());
        long total;
        List<String> page;
        if ((long) skip + query.limit() <= singlePass) {
            List<String> first = uuids(criteria(query.filter()), 0, singlePass + 1);
            total = first.size() <= singlePass ? first.size() : count(criteria(query.filter()));
            page = first.subList(Math.min(skip, first.size()), Math.min(skip + query.limit(), first.size()));
        } else {
            total = count(criteria(query.filter()));
            page = uuids(criteria(query.filter()), skip, query.limit());
        }
        List<CallView> calls = calls(page);
        boolean more = (long) skip + page.size() < total;
        return new CallPage(calls, total, query.page(), query.limit(), next(calls, more, query.filter()));
    }

    /** The calls after a cursor: the page, one more to know whether another follows, and the counts. */
    private CallPage after(FindCalls query) {
        CallCursor cursor = query.after();
        List<String> read = uuids(criteria(query.filter()).andOperator(following(cursor)), 0, query.limit() + 1);
        List<CallView> calls = calls(read.subList(0, Math.min(query.limit(), read.size())));
        long total = count(criteria(query.filter()));
        long before = total - count(criteria(query.filter()).andOperator(following(cursor)));
        return new CallPage(calls, total, (int) Math.min(Integer.MAX_VALUE, before / query.limit() + 1),
                query.limit(), next(calls, read.size() > query.limit(), query.filter()));
    }

    /**
     * A list searched with {@code q}: the calls that hold every word asked for and the terms of the equality filters,
     * and whose texts hold its phrases (the positions of their words), from the term index ({@link CallTerms}); their
     * entries by ordinal; the other filters applied to those entries; then the page, in the list's order, each call
     * with its matches.
     */
    private CallPage search(FindCalls query, SearchQuery search, List<Document> found) {
        int start;
        if (query.after() != null) {
            Date createdAt = Date.from(query.after().createdAt());
            start = 0;
            while (start < found.size() && !follows(found.get(start), createdAt, query.after().uuid())) {
                start++;
            }
        } else {
            start = (int) Math.min(found.size(), (long) (query.page() - 1) * query.limit());
        }
        List<String> uuids = idsOf(found.subList(start, Math.min(found.size(), start + query.limit())));
        List<CallView> calls = views(uuids, search);
        int page = query.after() == null ? query.page() : start / query.limit() + 1;
        return new CallPage(calls, found.size(), page, query.limit(),
                next(calls, start + uuids.size() < found.size(), query.filter()));
    }

    /**
     * The uuids of the calls a list without {@code q} selects, in the list's order, from the term index: where the
     * list searches a mirror (a server that scans; an export would otherwise have it read and sort every entry at
     * once), else null. The calls its equality filters' terms (or {@link CallTerms#EVERY_CALL}) select, their
     * entries by ordinal, the bounds applied to them.
     */
    List<String> listedByTerms(CallFilter filter) {
        if (!scans) {
            return null;
        }
        List<String> selecting = CallTerms.of(filter);
        return idsOf(entries(filter, terms.havingAll(selecting.isEmpty() ? List.of(CallTerms.EVERY_CALL) : selecting)));
    }

    /** The uuids of the calls a search finds, in the list's order. */
    List<String> searched(CallFilter filter, SearchQuery search) {
        return idsOf(entries(filter, search));
    }

    /** The entries ({@link CallFilter#FIELDS}) of the calls a search finds, in the list's order. */
    private List<Document> entries(CallFilter filter, SearchQuery search) {
        return entries(filter, terms.havingAll(wanted(filter, search), search.phrases()));
    }

    /** The terms a call must hold to be found: the search's words and the equality filters' terms. */
    private List<String> wanted(CallFilter filter, SearchQuery search) {
        List<String> wanted = new ArrayList<>(CallTerms.of(search));
        wanted.addAll(CallTerms.of(filter));
        return wanted;
    }

    /**
     * A page of the calls with these ordinals (those a search found, or a list selects without one: {@code search}
     * null), read from the blocks of ordinals that can hold it, or null when that cannot be done: when a bound needs
     * every call found looked at, or a block has no summary. The ordinals are exactly the calls found (their terms are
     * the filters), so the total is their number.
     * Each block's summary ({@link TermSearch#blocks}) holds the start of its newest and of its oldest call. Without a
     * cursor the page needs the newest {@code page * limit} calls found, and a block whose newest call is older than
     * the oldest of those already read cannot hold one. After a cursor, a block whose oldest call is newer than the
     * cursor's holds none that follow it, one whose newest is older holds only such calls (its number of calls found
     * counts without a read), and the few blocks whose calls straddle the cursor are read to count those that follow
     * it (for the page number); the page is then read as without a cursor, from the calls that follow it. Calls mostly
     * arrive in the order they start, so a page reads about one block's calls instead of every call found.
     */
    private CallPage newest(FindCalls query, SearchQuery search, BitSet ordinals) {
        if (query.filter().hasBounds()) {
            return null;
        }
        TermSearch.Blocks summaries = terms.blocks();
        int size = TermSearch.blockSize();
        CallCursor cursor = query.after();
        long at = cursor == null ? Long.MAX_VALUE : cursor.createdAt().toEpochMilli();
        List<Integer> blocks = new ArrayList<>();
        Map<Integer, List<Document>> straddling = new HashMap<>();
        long following = 0;
        for (int block = 0; block < summaries.count(); block++) {
            BitSet inBlock = inBlock(ordinals, block, size);
            if (inBlock.isEmpty()) {
                continue;
            }
            if (!summaries.known(block)) {
                return null; // written before blocks had summaries
            }
            if (cursor == null) {
                blocks.add(block);
            } else if (summaries.newest(block) < at) {
                following += inBlock.cardinality();
                blocks.add(block);
            } else if (summaries.oldest(block) <= at) {
                List<Document> after = terms.byOrdinal(searched, inBlock, List.of("createdAt")).stream()
                        .filter(entry -> follows(entry, Date.from(cursor.createdAt()), cursor.uuid())).toList();
                following += after.size();
                straddling.put(block, after);
                blocks.add(block);
            }
        }
        blocks.sort(Comparator.comparingLong((Integer block) -> summaries.newest(block)).reversed());
        long total = ordinals.cardinality();
        int skip = cursor != null ? 0
                : (int) Math.min(Integer.MAX_VALUE - MAX_PAGE_END, (long) (query.page() - 1) * query.limit());
        int wanted = skip + query.limit();
        List<Document> found = new ArrayList<>();
        for (int block : blocks) {
            if (found.size() >= wanted
                    && summaries.newest(block) < ((Date) found.get(wanted - 1).get("createdAt")).getTime()) {
                break;
            }
            if (straddling.containsKey(block)) {
                found.addAll(straddling.get(block)); // read already, to count the calls that follow the cursor
            } else {
                found.addAll(terms.byOrdinal(searched, inBlock(ordinals, block, size), List.of("createdAt")));
            }
            found.sort(NEWEST_ENTRY_FIRST);
        }
        List<String> uuids = idsOf(found.subList(Math.min(skip, found.size()), Math.min(wanted, found.size())));
        List<CallView> calls = views(uuids, search);
        if (cursor == null) {
            return new CallPage(calls, total, query.page(), query.limit(),
                    next(calls, (long) skip + uuids.size() < total, query.filter()));
        }
        long before = total - following;
        return new CallPage(calls, total, (int) Math.min(Integer.MAX_VALUE, before / query.limit() + 1),
                query.limit(), next(calls, following > uuids.size(), query.filter()));
    }

    private static List<String> idsOf(List<Document> entries) {
        return entries.stream().map(entry -> (String) entry.get("_id")).toList();
    }

    /** These calls, in this order, each with its matches when searched ({@code search} not null). */
    private List<CallView> views(List<String> uuids, SearchQuery search) {
        return documents(uuids).stream()
                .map(call -> search == null ? CallView.of(call) : CallView.of(call).with(search.matchesIn(call)))
                .toList();
    }

    /** The ordinals of one block. */
    private static BitSet inBlock(BitSet ordinals, int block, int size) {
        BitSet inBlock = ordinals.get(block * size, (block + 1) * size);
        BitSet shifted = new BitSet();
        for (int i = inBlock.nextSetBit(0); i >= 0; i = inBlock.nextSetBit(i + 1)) {
            shifted.set(block * size + i);
        }
        return shifted;
    }

    /** The entries of these calls that pass the filters, in the list's order. */
    private List<Document> entries(CallFilter filter, BitSet ordinals) {
        // the equality filters are terms the ordinals already hold: only bounds need more than the sort key
        List<Document> found = filter.hasBounds()
                ? new ArrayList<>(terms.byOrdinal(searched, ordinals, CallFilter.FIELDS).stream().filter(filter::admits)
                .toList())
                : terms.byOrdinal(searched, ordinals, List.of("createdAt"));
        found.sort(NEWEST_ENTRY_FIRST);
        return found;
    }

    private static boolean follows(Document entry, Date createdAt, String uuid) {
        int byTime = ((Date) entry.get("createdAt")).compareTo(createdAt);
        return byTime < 0 || (byTime == 0 && ((String) entry.get("_id")).compareTo(uuid) > 0);
    }

    /** The calls after the cursor's call in the list's order: older, or as old with a greater uuid. */
    private static Criteria following(CallCursor cursor) {
        Date createdAt = Date.from(cursor.createdAt());
        return new Criteria().orOperator(where("createdAt").lt(createdAt),
                new Criteria().andOperator(where("createdAt").is(createdAt), where("_id").gt(cursor.uuid())));
    }

    private static String next(List<CallView> calls, boolean more, CallFilter filter) {
        return more && !calls.isEmpty() ? CallCursor.after(calls.get(calls.size() - 1), filter).encode() : null;
    }

    /** The uuids of the matching calls, newest first. */
    private List<String> uuids(Criteria criteria, int skip, int limit) {
        Query matching = Query.query(criteria).with(NEWEST_FIRST).skip(skip).limit(limit);
        matching.fields().include("_id");
        return mongo.find(matching, Document.class, searched).stream().map(uuid -> (String) uuid.get("_id")).toList();
    }

    private long count(Criteria criteria) {
        return mongo.count(Query.query(criteria), searched);
    }

    /**
     * These calls, in this order. A call found in a mirror but not yet in {@code calls} (the moment between the
     * runtime's two writes) is left out.
     */
    private List<CallView> calls(List<String> uuids) {
        return documents(uuids).stream().map(CallView::of).toList();
    }

    /** These calls, in this order; one not (yet) in {@code calls} is left out. */
    List<CallDocument> documents(List<String> uuids) {
        if (uuids.isEmpty()) {
            return List.of(); // a page past the end: no second round trip
        }
        Map<String, CallDocument> found = new HashMap<>();
        mongo.find(Query.query(where("_id").in(uuids)), CallDocument.class)
                .forEach(call -> found.put(call.uuid(), call));
        return uuids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    static Criteria criteria(CallFilter filter) {
        Criteria criteria = new Criteria();
        if (filter.campaignUuid() != null) {
            criteria.and("campaignUuid").is(filter.campaignUuid());
        }
        if (filter.status() != null) {
            criteria.and("status").is(filter.status());
        }
        if (filter.recordUuid() != null) {
            criteria.and("recordUuid").is(filter.recordUuid());
        }
        if (filter.direction() != null) {
            criteria.and("direction").is(filter.direction());
        }
        if (filter.endReason() != null) {
            criteria.and("endReason").is(filter.endReason());
        }
        if (filter.minDuration() != null || filter.maxDuration() != null) {
            Criteria duration = criteria.and("duration");
            if (filter.minDuration() != null) {
                duration.gte(filter.minDuration());
            }
            if (filter.maxDuration() != null) {
                duration.lte(filter.maxDuration());
            }
        }
        if (filter.minCost() != null || filter.maxCost() != null) {
            Criteria cost = criteria.and("cost"); // stored as Decimal128: compared as one
            if (filter.minCost() != null) {
                cost.gte(new Decimal128(filter.minCost()));
            }
            if (filter.maxCost() != null) {
                cost.lte(new Decimal128(filter.maxCost()));
            }
        }
        if (filter.from() != null || filter.to() != null) {
            Criteria createdAt = criteria.and("createdAt");
            if (filter.from() != null) {
                createdAt.gte(Date.from(filter.from()));
            }
            if (filter.to() != null) {
                createdAt.lt(Date.from(filter.to()));
            }
        }
        return criteria;
    }
}
