package io.calllog.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.boot.SpringApplication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.containers.MongoDBContainer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.ByteBuf;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One MongoDB-protocol server per test JVM, and a fresh database name for every caller.
 * <p>
 * A Testcontainers {@code mongo} (a single-node replica set, as in production) where Docker answers; otherwise an
 * in-process mongo-java-server, which speaks the same protocol but ignores non-unique indexes and has no
 * transactions, and builds no secondary indexes (docs/calls-api.md, "How a list is answered").
 */
public final class TestMongo {

    private static final String IMAGE = "mongo:7.0";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile Server server;

    private TestMongo() {
    }

    /** A MongoDB database: its connection string names the database. */
    public record Database(String uri, String name, boolean realMongoDb) {

        public void register(DynamicPropertyRegistry registry) {
            registry.add("spring.data.mongodb.uri", this::uri);
        }
    }

    public static Database newDatabase() {
        Server s = server();
        String name = "calllog_test_" + DATABASES.incrementAndGet();
        return new Database(s.baseUri() + "/" + name, name, s.realMongoDb());
    }

    private static Server server() {
        Server s = server;
        if (s == null) {
            synchronized (TestMongo.class) {
                if (server == null) {
                    server = DockerDetection.useTestcontainers() ? startContainer() : startInProcess();
                }
                s = server;
            }
        }
        return s;
    }

    private static Server startContainer() {
        MongoDBContainer container = new MongoDBContainer(IMAGE);
        container.start();
        String uri = container.getReplicaSetUrl();
        return new Server(uri.substring(0, uri.lastIndexOf('/')), true, container);
    }

    private static Server startInProcess() {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        // after Spring Boot has closed every application context that uses it (see TestPostgres)
        SpringApplication.getShutdownHandlers().add(mongo::shutdownNow);
        return new Server("mongodb://127.0.0.1:" + address.getPort(), false, null);
    }

    /**
     * Where the server holds this text: for MongoDB in a container, the files of its data directory after an
     * {@code fsync}; for the in-process server, which keeps its data in memory, the BSON of every document of every
     * collection of every database ({@code database.collection} named). The privacy tests' byte scan.
     */
    public static List<String> dataHolding(String text) {
        Server s = server();
        try (MongoClient client = MongoClients.create(s.baseUri())) {
            if (s.container() != null) {
                client.getDatabase("admin").runCommand(new Document("fsync", 1));
                var grep = s.container().execInContainer("grep", "-rlaF", text, "/data/db");
                return grep.getStdout().lines().filter(line -> !line.isBlank()).toList();
            }
            byte[] needle = text.getBytes(StandardCharsets.UTF_8);
            List<String> found = new ArrayList<>();
            for (String database : client.listDatabaseNames()) {
                for (String collection : client.getDatabase(database).listCollectionNames()) {
                    for (RawBsonDocument document : client.getDatabase(database)
                            .getCollection(collection, RawBsonDocument.class).find()) {
                        if (holds(document.getByteBuffer(), needle)) {
                            found.add(database + "." + collection);
                            break;
                        }
                    }
                }
            }
            return found;
        } catch (Exception e) {
            throw new IllegalStateException("cannot scan the MongoDB server's data", e);
        }
    }

    private static boolean holds(ByteBuf buffer, byte[] needle) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return ByteScan.contains(bytes, needle);
    }

    private record Server(String baseUri, boolean realMongoDb, MongoDBContainer container) {
    }
}
