package io.calllog.app;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded read model's documents stored as BSON: every value type a call, a posting or a token holds comes back
 * as it went in, a file written by mongo-java-server's own backend (Java serialisation) is read and changed without a
 * migration, and the documents are written under the map names mongo-java-server uses (a release that named them
 * otherwise would read its documents with H2's default type, and this test would fail).
 */
class StoredDocumentTypeTest {

    private final StoredDocumentType type = new StoredDocumentType();

    private static Document call(int i) {
        return new Document("_id", "call_" + i).append("campaignUuid", "campaign_é_" + i)
                .append("duration", (long) i).append("seq", i).append("ratio", i / 3.0)
                .append("cost", new Decimal128(new BigDecimal("0.45")))
                .append("createdAt", Date.from(Instant.parse("2026-05-01T08:00:00Z").plusSeconds(i)))
                .append("transcript", List.of(new Document("seq", 0).append("role", "user").append("text", "Hé, ça va? 🙂"),
                        new Document("seq", 1).append("role", "assistant").append("text", "x".repeat(3_000))))
                .append("o", List.of(1, 5, 1_023)).append("summary", null).append("live", true)
                .append("token", new Binary(new byte[]{1, 2, 3})).append("id", new ObjectId());
    }

    @Test
    void aDocumentComesBackAsItWentInAndOtherValuesAsH2WritesThem() {
        de.bwaldvogel.mongo.bson.Document document = new de.bwaldvogel.mongo.bson.Document("_id", "call_1")
                .append("text", "Hé 🙂").append("n", 42L).append("list", List.of(1, 2))
                .append("nested", new de.bwaldvogel.mongo.bson.Document("at", Instant.parse("2026-05-01T08:00:00Z")));
        for (Object value : List.of(document, 42L, "a key", List.of("a", 1))) {
            WriteBuffer buffer = new WriteBuffer();
            type.write(buffer, value);
            type.write(buffer, "after");
            ByteBuffer written = buffer.getBuffer().flip();
            assertThat(type.read(written)).isEqualTo(value);
            assertThat(type.read(written)).as("the next value starts where this one ended").isEqualTo("after");
        }
        WriteBuffer legacy = new WriteBuffer();
        new ObjectDataType().write(legacy, document);
        assertThat(type.read(legacy.getBuffer().flip())).as("written by H2's default type").isEqualTo(document);
        assertThat(type.getMemory(document)).isBetween(300, 2_000);
    }

    @Test
    void h2NeverStartsAValueWithTheTagOfADocumentStoredAsBson() {
        for (Object value : List.of(0L, -1L, 7L, 1L << 40, 0, -5, 12, 1 << 20, "", "key", "x".repeat(40), 1.5, 0.0,
                true, false, new byte[]{1}, new byte[40], java.util.UUID.randomUUID(), List.of(1, "a"),
                new de.bwaldvogel.mongo.bson.Document("_id", "call_1"), new BigDecimal("0.45"))) {
            WriteBuffer buffer = new WriteBuffer();
            new ObjectDataType().write(buffer, value);
            assertThat(buffer.getBuffer().get(0) & 0xFF).as("H2's tag of %s", value)
                    .isNotEqualTo(StoredDocumentType.BSON_TAG);
        }
    }

    @Test
    void aFileWrittenByTheBackendBeforeIsReadChangedAndReadAgain(@TempDir Path dir) {
        String file = dir.resolve("readmodel.mv.db").toString();
        withServer(file, H2Backend::new, calls -> {
            for (int i = 0; i < 50; i++) {
                calls.insertOne(call(i));
            }
        });
        withServer(file, EmbeddedReadModelBackend::new, calls -> {
            assertThat(calls.countDocuments()).isEqualTo(50);
            assertThat(calls.find(new Document("_id", "call_7")).first()).isEqualTo(call(7).append("id",
                    calls.find(new Document("_id", "call_7")).first().get("id")));
            calls.updateOne(new Document("_id", "call_7"), new Document("$set", new Document("status", "busy")));
            calls.insertOne(call(50));
        });
        withServer(file, EmbeddedReadModelBackend::new, calls -> {
            assertThat(calls.countDocuments()).isEqualTo(51);
            assertThat(calls.find(new Document("_id", "call_7")).first().get("status")).isEqualTo("busy");
            assertThat(calls.find(new Document("_id", "call_50")).first().get("transcript", List.class)).hasSize(2);
            List<Document> texts = calls.find(new Document("campaignUuid", "campaign_é_3")).into(new ArrayList<>());
            assertThat(texts).singleElement().satisfies(found -> assertThat(found.get("cost"))
                    .isEqualTo(new Decimal128(new BigDecimal("0.45"))));
        });
        MVStore store = MVStore.open(file);
        try {
            MVMap<Object, Object> documents = store.openMap(EmbeddedReadModelBackend.DATA_MAP_PREFIX + "calllog.calls");
            assertThat(documents.size()).isEqualTo(51);
            assertThatThrownBy(() -> documents.values().forEach(value -> { }))
                    .as("documents written as BSON, under the backend's map name").isNotNull();
        } finally {
            store.close();
        }
    }

    private static void withServer(String file, Function<MVStore, H2Backend> backend,
                                   Consumer<MongoCollection<Document>> work) {
        MVStore store = MVStore.open(file);
        MongoServer server = new MongoServer(backend.apply(store));
        try {
            var address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
                work.accept(client.getDatabase("calllog").getCollection("calls"));
            }
        } finally {
            server.shutdown();
            store.close();
        }
    }
}
