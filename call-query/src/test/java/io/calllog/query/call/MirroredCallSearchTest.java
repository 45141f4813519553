package io.calllog.query.call;

import io.calllog.query.projection.DocumentProjection;
import io.calllog.query.projection.ProjectionRuntime;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same searches where lists search a mirror of {@code calls}, as on the embedded default. */
class MirroredCallSearchTest extends CallSearchTest {

    @Test
    void theMirrorsEntriesCarryTheOrdinalsSearchesLookThemUpBy() {
        assertThat(mongo().getCollection(ListedCallsMirror.COLLECTION).find().into(new java.util.ArrayList<>()))
                .hasSize(12).allSatisfy(entry -> assertThat(entry).containsKey(DocumentProjection.ORDINAL_FIELD));
    }

    @Test
    void aListWithoutQBoundsOrCursorGoesByTheTermIndexInsteadOfScanningTheMirror() {
        finds.clear();
        CallPage all = search(new CallFilter(null, null, null, null, null, null, null, null, null, null, null, null),
                1, 5);
        assertThat(uuids(all)).containsExactly("call_11", "call_10", "call_09", "call_08", "call_07");
        assertThat(all.total()).isEqualTo(12);
        assertThat(all.next()).isNotNull();
        CallPage busyInA = search(new CallFilter("campaign_a", "busy", null, null, null, null, null, null, null, null,
                null, null), 1, 10);
        assertThat(uuids(busyInA)).containsExactly("call_06", "call_00");
        assertThat(busyInA.total()).isEqualTo(2);
        assertThat(busyInA.calls()).allSatisfy(call -> assertThat(call.matches()).isNull());
        assertReadByIdAndOrdinalOnly();
    }

    @Test
    void anExportWithoutQTakesItsCallsFromTheTermIndexInTheListsOrderBoundsApplied() {
        CallFilter every = new CallFilter(null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(handlers().listedByTerms(every)).containsExactly("call_11", "call_10", "call_09", "call_08",
                "call_07", "call_06", "call_05", "call_04", "call_03", "call_02", "call_01", "call_00");
        CallFilter busyLong = new CallFilter(null, "busy", null, null, null, "outbound", "busy", 3L, 9L, null, null,
                null);
        List<String> listed = uuids(search(busyLong, 1, 100)); // a list with bounds: by the mirror's filter
        finds.clear();
        assertThat(handlers().listedByTerms(busyLong)).containsExactly("call_09", "call_06", "call_03")
                .isEqualTo(listed);
        CallFilter inB = new CallFilter("campaign_b", null, null, FIRST.plusSeconds(180), null, null, null, null,
                null, null, null, null);
        assertThat(handlers().listedByTerms(inB)).containsExactly("call_11", "call_09", "call_07", "call_05",
                "call_03");
        assertReadByIdAndOrdinalOnly();
    }

    @Override
    ProjectionRuntime runtime(MongoTemplate mongo) {
        return new ProjectionRuntime(mongo, List.of(new ListedCallsMirror()));
    }
}
