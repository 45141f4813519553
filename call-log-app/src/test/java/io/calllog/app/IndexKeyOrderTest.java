package io.calllog.app;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read model's index key order must be H2's own order, or an index written by one backend would be searched
 * wrongly by the other: documents not found, duplicates let in.
 */
class IndexKeyOrderTest {

    private final IndexKeyOrder fast = new IndexKeyOrder();
    private final ObjectDataType h2 = new ObjectDataType();

    @Property(tries = 5_000)
    void ordersKeysAsH2Does(@ForAll("keys") KeyValue a, @ForAll("keys") KeyValue b) {
        assertThat(Integer.signum(fast.compare(a, b))).isEqualTo(Integer.signum(h2.compare(a, b)));
        assertThat(Integer.signum(fast.compare(a, a))).isZero();
    }

    /**
     * Ordinals are keys of one number (a double, as the server normalises numbers): compared by their bits, as H2
     * orders their serialised bytes.
     */
    @Property(tries = 3_000)
    void ordersNumbersAsH2Does(@ForAll("numbers") KeyValue a, @ForAll("numbers") KeyValue b) {
        assertThat(Integer.signum(fast.compare(a, b))).isEqualTo(Integer.signum(h2.compare(a, b)));
    }

    @Provide
    Arbitrary<KeyValue> numbers() {
        Arbitrary<Object> longs = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-300, 300),
                Arbitraries.of(0L, 255L, 256L, Long.MAX_VALUE, Long.MIN_VALUE, -1L)).map(Long.class::cast);
        Arbitrary<Object> doubles = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.longs().between(-300, 300)
                .map(Long::doubleValue), Arbitraries.of(0.0, -0.0, Double.NaN, Double.MAX_VALUE, Double.MIN_VALUE,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e15, -1.5)).map(Double.class::cast);
        return Arbitraries.oneOf(longs.map(KeyValue::new), doubles.map(KeyValue::new), doubles.map(KeyValue::new),
                Arbitraries.integers().map(KeyValue::new));
    }

    @Provide
    Arbitrary<KeyValue> keys() {
        Arbitrary<String> ids = Arbitraries.strings().withChars("AZaz09_.:-").ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(12);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(6);
        Arbitrary<Object> values = Arbitraries.oneOf(ids, ids, ascii, any, Arbitraries.doubles(),
                Arbitraries.longs(), Arbitraries.just("r_call_1"), Arbitraries.just("r_call_10"));
        return Arbitraries.oneOf(
                values.map(KeyValue::new),
                values.map(KeyValue::new),
                values.list().ofMinSize(2).ofMaxSize(3).map(KeyValue::new));
    }

    /** Every key reads back as it was written, in whichever form it is stored, and keeps its place in the order. */
    @Property(tries = 2_000)
    void readsBackWhatItWrites(@ForAll("keys") KeyValue key) {
        WriteBuffer buffer = new WriteBuffer();
        fast.write(buffer, key);
        ByteBuffer written = buffer.getBuffer();
        written.flip();
        Object read = fast.read(written);
        assertThat(written.hasRemaining()).isFalse();
        assertThat(read).isEqualTo(key);
        assertThat(fast.compare(read, key)).isZero();
        assertThat(h2.compare(read, key)).isZero();
    }

    @Test
    void writesIdsAndCompositeKeysWithoutJavaSerialization() {
        assertThat(firstByteOf(new KeyValue("msg_0123"))).isEqualTo(IndexKeyOrder.STRING_KEY);
        assertThat(firstByteOf(new KeyValue("é".repeat(3)))).isEqualTo(IndexKeyOrder.STRING_KEY);
        assertThat(firstByteOf(new KeyValue("a", 12L, 1.5))).isEqualTo(IndexKeyOrder.BSON_KEY);
        assertThat(firstByteOf(new KeyValue(7L))).isEqualTo(IndexKeyOrder.BSON_KEY);
        // what BSON cannot hold, and keys with a value twice (H2's order depends on their sharing), are left to H2,
        // whose tags are all below the two of ours
        assertThat(firstByteOf(new KeyValue(de.bwaldvogel.mongo.backend.Missing.getInstance()))).isLessThan(128);
        assertThat(firstByteOf(new KeyValue("a", "a"))).isLessThan(128);
    }

    private int firstByteOf(KeyValue key) {
        WriteBuffer buffer = new WriteBuffer();
        fast.write(buffer, key);
        return buffer.getBuffer().get(0) & 0xFF;
    }

    @Test
    void leavesLongStringsToH2() {
        KeyValue longer = new KeyValue("b".repeat(70_000));
        KeyValue shorter = new KeyValue("a".repeat(10));
        assertThat(IndexKeyOrder.shortAsciiString(longer)).isNull();
        assertThat(Integer.signum(fast.compare(longer, shorter))).isEqualTo(Integer.signum(h2.compare(longer, shorter)));
    }

    /**
     * A file written by the plain backend is read and extended by ours, and read again after a restart: every
     * document found by its id, no duplicate let in. (The plain backend cannot read what ours wrote any more: ours
     * stores documents as BSON, {@link StoredDocumentType}, and index keys in their own form; the index maps keep
     * H2's own key order.)
     */
    @Test
    void readsAndWritesTheFilesOfThePlainBackend(@TempDir Path dir) {
        String file = dir.resolve("readmodel.mv.db").toString();
        List<String> firstIds = ids("first_", 2_000);
        List<String> secondIds = ids("second_", 2_000);

        withServer(file, H2Backend::new, calls -> insert(calls, firstIds));
        withServer(file, EmbeddedReadModelBackend::new, calls -> {
            assertAllFound(calls, firstIds);
            assertThatThrownBy(() -> calls.insertOne(new Document("_id", firstIds.get(777))))
                    .hasMessageContaining("duplicate key");
            insert(calls, secondIds);
            assertAllFound(calls, secondIds);
        });
        withServer(file, EmbeddedReadModelBackend::new, calls -> {
            assertAllFound(calls, firstIds);
            assertAllFound(calls, secondIds);
            assertThatThrownBy(() -> calls.insertOne(new Document("_id", secondIds.get(1_234))))
                    .hasMessageContaining("duplicate key");
        });
    }

    /** Both the indexes found in the file and those made while it runs (a replay drops and makes collections). */
    @Test
    void opensEveryIndexMapWithTheKeyOrder(@TempDir Path dir) {
        String file = dir.resolve("readmodel.mv.db").toString();
        withServer(file, H2Backend::new, calls -> insert(calls, ids("call_", 10)));
        MVStore store = MVStore.open(file);
        MongoServer server = new MongoServer(new EmbeddedReadModelBackend(store));
        try {
            var address = server.bind();
            assertThat(indexMaps(store)).hasSize(1).allSatisfy(name -> assertKeyOrder(store, name));
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
                MongoDatabase database = client.getDatabase("calllog");
                database.getCollection("calls").drop();
                insert(database.getCollection("calls"), ids("call_", 10));
                insert(database.getCollection("call_list"), ids("call_", 10));
            }
            assertThat(indexMaps(store)).hasSize(2).allSatisfy(name -> assertKeyOrder(store, name));
        } finally {
            server.shutdown();
            store.close();
        }
    }

    private static List<String> indexMaps(MVStore store) {
        return store.getMapNames().stream()
                .filter(name -> name.contains(EmbeddedReadModelBackend.INDEX_MAP_INFIX)).toList();
    }

    private static void assertKeyOrder(MVStore store, String map) {
        assertThat(store.openMap(map).getKeyType()).as(map).isInstanceOf(IndexKeyOrder.class);
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static void insert(MongoCollection<Document> calls, List<String> ids) {
        calls.insertMany(ids.stream().map(id -> new Document("_id", id).append("n", id.length())).toList());
    }

    private static void assertAllFound(MongoCollection<Document> calls, List<String> ids) {
        for (String id : ids) {
            assertThat(calls.find(new Document("_id", id)).first()).as(id).isNotNull();
        }
    }

    private static void withServer(String file, Function<MVStore, H2Backend> backend,
                                   java.util.function.Consumer<MongoCollection<Document>> work) {
        MVStore store = MVStore.open(file);
        MongoServer server = new MongoServer(backend.apply(store));
        try {
            var address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
                MongoDatabase database = client.getDatabase("calllog");
                work.accept(database.getCollection("calls"));
            }
        } finally {
            server.shutdown();
            store.close();
        }
    }
}
