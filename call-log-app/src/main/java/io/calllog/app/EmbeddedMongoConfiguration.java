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
                                    @Value("${calllog.embedded-mongo.cache-mb:64}") int cacheMb) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("readmodel.mv.db").toAbsolutePath();
        // Every list query scans the collection here: with H2's default 16 MB page cache a scan of 100,000 calls
        // reads from disk and the slowest queries took seconds; a larger cache keeps them in memory.
        MVStore store = new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMb).open();
        MongoServer server = new MongoServer(new EmbeddedReadModelBackend(store));
        server.bind("127.0.0.1", 0);
        log.info("Embedded read model (mongo-java-server, H2 backend) in {} on {}", file, server.getLocalAddress());
        return server;
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
