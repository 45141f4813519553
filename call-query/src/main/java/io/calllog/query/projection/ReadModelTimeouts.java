package io.calllog.query.projection;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long a read-model operation waits for an unreachable MongoDB: {@code calllog.query.mongo-timeout} (3 s) to find
 * a server and to connect. The driver's own default is 30 s to find a server, which would hold every Calls API request
 * for half a minute before its 503; with this, a dashboard gets the 503 problem (and {@code Retry-After}) within
 * seconds, and the projections fail their batch and back off sooner.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelTimeouts {

    @Bean
    MongoClientSettingsBuilderCustomizer shortMongoTimeouts(@Value("${calllog.query.mongo-timeout:3s}") Duration timeout) {
        return settings -> settings
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout((int) timeout.toMillis(), TimeUnit.MILLISECONDS));
    }
}
