package io.calllog.query.projection;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The entries of the term index's postings, and the writes a document's change makes. */
class TermPostingsTest {

    @Property(tries = 2_000)
    void anEntryGivesBackItsOffsetAndPositions(@ForAll @IntRange(max = TermPostings.BLOCK - 1) int offset,
            @ForAll("positions") int[] positions) {
        Object entry = TermPostings.entry(offset, positions);
        assertThat(TermPostings.offsetOf(entry)).isEqualTo(offset);
        assertThat(TermPostings.positionsOf(entry)).containsExactly(positions);
    }

    @Provide
    Arbitrary<int[]> positions() {
        return Arbitraries.integers().between(0, 1 << 20).set().ofMaxSize(40)
                .map(set -> set.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    @Test
    void aTermThatStandsNowhereIsItsOffsetAndAWordSaidAFewTimesTakesAFewCharacters() {
        assertThat(TermPostings.entry(7, TermIndex.NOWHERE)).isEqualTo(7);
        assertThat(TermPostings.positionsOf(7)).isEmpty();
        assertThat((String) TermPostings.entry(1_000, new int[]{3, 17, 40})).hasSize(5)
                .matches("[0-o]+");
    }

    @Test
    void aDocumentAddsTheEntriesOfWhatItGainedOrMovedAndPullsWhatItLostOrWhatMoved() {
        TermPostings postings = new TermPostings();
        postings.change(1_025, Map.of("refund", new int[]{0}, "policy", new int[]{1}, "status=busy", TermIndex.NOWHERE,
                "gone", new int[]{2}), Map.of("refund", new int[]{0}, "policy", new int[]{1, 5},
                "status=busy", TermIndex.NOWHERE, "new", new int[]{4}), 10L);
        Map<String, Set<String>> writes = postings.writes().stream()
                .map(write -> (com.mongodb.client.model.UpdateOneModel<Document>) write)
                .collect(Collectors.groupingBy(write -> write.getFilter().toBsonDocument().getString("_id").getValue(),
                        Collectors.mapping(write -> write.getUpdate().toBsonDocument().toJson(), Collectors.toSet())));
        assertThat(writes.keySet()).containsExactlyInAnyOrder("policy|1", "new|1", "gone|1", "#max|1");
        assertThat(writes.get("policy|1")).hasSize(2).anySatisfy(update -> assertThat(update).contains("$addToSet")
                .contains(TermPostings.entry(1, new int[]{1, 5}).toString())).anySatisfy(update -> assertThat(update)
                .contains("$pullAll").contains('"' + TermPostings.entry(1, new int[]{1}).toString() + '"'));
        assertThat(writes.get("gone|1")).singleElement().asString().contains("$pullAll");
    }

    @Test
    void onlyAPostingThatLostADocumentMayBeEmptyAfterTheWrites() {
        TermPostings postings = new TermPostings();
        postings.change(3, Map.of("moved", new int[]{0}, "gone", new int[]{1}, "status=busy", TermIndex.NOWHERE),
                Map.of("moved", new int[]{4}), 10L);
        assertThat(postings.pulled(term -> true)).containsExactlyInAnyOrder("gone|0", "status=busy|0");
        assertThat(postings.pulled(term -> !term.contains("="))).containsExactly("gone|0");
    }
}
