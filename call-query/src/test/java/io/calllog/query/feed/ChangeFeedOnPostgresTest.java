package io.calllog.query.feed;

import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The change feed's contract on PostgreSQL (Testcontainers where Docker answers, otherwise zonky's embedded one). */
class ChangeFeedOnPostgresTest extends ChangeFeedContract {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }
}
