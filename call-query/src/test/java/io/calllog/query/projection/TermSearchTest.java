package io.calllog.query.projection;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.calllog.testsupport.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sequences of terms found from the positions in the postings, as a real MongoDB-protocol server holds them. */
class TermSearchTest {

    private MongoClient client;
    private MongoTemplate mongo;
    private TermSearch search;

    @BeforeEach
    void setUp() {
        TestMongo.Database database = TestMongo.newDatabase();
        client = MongoClients.create(database.uri());
        mongo = new MongoTemplate(client, database.name());
        search = new TermSearch(new ProjectionRuntime(mongo, List.of()), "terms");
        mongo.getCollection("terms").insertOne(new Document("_id", TermPostings.COUNTER).append("next", 1_030L));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private void posting(String id, Object... entries) {
        mongo.getCollection("terms").insertOne(new Document("_id", id).append(TermPostings.OFFSETS, List.of(entries)));
    }

    @Test
    void aSequenceStandsWhereItsTermsAreAtConsecutivePositionsInEveryBlock() {
        // ordinal 3: "refund policy" at 4-5; ordinal 7: both words, apart; ordinal 1,027 (block 1): at 0-1
        posting("refund|0", TermPostings.entry(3, new int[]{4, 9}), TermPostings.entry(7, new int[]{1}));
        posting("policy|0", TermPostings.entry(3, new int[]{5}), TermPostings.entry(7, new int[]{3}));
        posting("refund|1", TermPostings.entry(3, new int[]{0}));
        posting("policy|1", TermPostings.entry(3, new int[]{1}));
        posting("status=busy|0", 3, 7);

        assertThat(search.havingAll(List.of("status=busy"), List.of(List.of("refund", "policy"))).stream())
                .containsExactly(3);
        assertThat(search.havingAll(List.of(), List.of(List.of("refund", "policy"))).stream())
                .containsExactly(3, 1_027);
        assertThat(search.havingAll(List.of("refund", "policy")).stream()).containsExactly(3, 7, 1_027);
        assertThat(search.havingAll(List.of(), List.of(List.of("policy", "refund"))).stream()).isEmpty();
        assertThat(search.havingAll(List.of(), List.of(List.of("refund", "unsaid"))).stream()).isEmpty();
    }

    @Test
    void twoEntriesForOneDocumentAreReadAsTheUnionOfTheirPositions() {
        // only after a write cut short between adding a moved entry and pulling the old one
        posting("refund|0", TermPostings.entry(3, new int[]{1}), TermPostings.entry(3, new int[]{8}));
        posting("policy|0", TermPostings.entry(3, new int[]{9}));
        assertThat(search.havingAll(List.of(), List.of(List.of("refund", "policy"))).stream()).containsExactly(3);
    }
}
