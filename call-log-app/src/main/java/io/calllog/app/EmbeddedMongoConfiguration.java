package io.calllog.app;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded read model: when neither {@code spring.data.mongodb.uri} nor {@code spring.data.mongodb.host} is set,
 * an in-process mongo-java-server stores the read model and the projections' tokens in
 * {@code ${calllog.data-dir}/readmodel.mv.db} (its H2 backend), listening on a free loopback port, and the MongoDB
 * client is pointed at it. Data and tokens survive a restart, so the projections resume where they stopped.
 * <p>
 * mongo-java-server speaks the MongoDB protocol but is not MongoDB: no transactions, no {@code $text}, and non-unique
 * indexes are accepted but not used (its queries scan). Fine for one machine; use MongoDB for large data. What only
 * this server needs lives here: the {@link EmbeddedCallList list of calls} that its scans read instead of the calls.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.data.mongodb.uri:}'.isEmpty() and '${spring.data.mongodb.host:}'.isEmpty()")
class EmbeddedMongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoConfiguration.class);
    static final String DATABASE = "calllog";

    @Bean(destroyMethod = "shutdown")
    MongoServer embeddedMongoServer(@Value("${calllog.data-dir}") Path dataDir,
                                    @Value("${calllog.embedded-mongo.cache-mb:0}") int cacheMb) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("readmodel.mv.db").toAbsolutePath();
        MVStore store = new MVStore.Builder().fileName(file.toString())
                .cacheSize(cacheMb > 0 ? cacheMb : cacheMbFor(Runtime.getRuntime().maxMemory())).open();
        MongoServer server = new EmbeddedReadModelServer(new EmbeddedReadModelBackend(store), file);
        server.bind("127.0.0.1", 0);
        log.info("Embedded read model (mongo-java-server, H2 backend) in {} on {}", file, server.getLocalAddress());
        return server;
    }

    /**
     * The page cache for a heap of this size: an eighth of it, from 16 MB (H2's default) to 64 MB. Lists with a bound
     * or a cursor scan the list's entries here, which a cache that holds them serves in tens of milliseconds instead
     * of seconds; but H2 counts the cache by its estimate of each page, and the documents it holds take about twice
     * that on the heap: a 64 MB cache kept 100 to 130 MiB live, and an app at {@code -Xmx256m} spent its time in
     * garbage collection (docs/benchmarks.md).
     */
    static int cacheMbFor(long maxHeapBytes) {
        return (int) Math.max(16, Math.min(64, maxHeapBytes / 8 / (1024 * 1024)));
    }

    @Bean
    EmbeddedCallList embeddedCallList() {
        return new EmbeddedCallList();
    }

    @Bean
    MongoConnectionDetails embeddedMongoConnectionDetails(MongoServer embeddedMongoServer) {
        InetSocketAddress address = embeddedMongoServer.getLocalAddress();
        ConnectionString connection = new ConnectionString(
                "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + DATABASE);
        return () -> connection;
    }
}
