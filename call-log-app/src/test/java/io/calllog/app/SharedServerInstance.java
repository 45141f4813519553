package io.calllog.app;

import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One instance of the all-in-one app on a shared event store and read model, as the scale-out tests start several:
 * webhooks may target loopback over http, logs at {@code WARN}, and whatever else a test adds.
 */
public final class SharedServerInstance {

    private SharedServerInstance() {
    }

    public static ConfigurableApplicationContext start(TestPostgres.Database postgres, TestMongo.Database mongo,
                                                       String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(), "--spring.data.mongodb.uri=" + mongo.uri(),
                "--spring.data.mongodb.database=" + mongo.name(), "--calllog.webhooks.allow-http=true",
                "--calllog.webhooks.allow-private-targets=true", "--logging.level.root=WARN"));
        arguments.addAll(List.of(settings));
        return new SpringApplicationBuilder(CallLogApplication.class).run(arguments.toArray(String[]::new));
    }
}
