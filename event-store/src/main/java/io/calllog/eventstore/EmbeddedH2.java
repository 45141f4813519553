package io.calllog.eventstore;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the event store is an embedded H2 database ({@code jdbc:h2:file:...} or {@code jdbc:h2:./...}), not
 * PostgreSQL and not H2 over TCP: the embedded default of the all-in-one app and of call-command alone.
 */
final class EmbeddedH2 implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isEmbeddedH2(context.getEnvironment().getProperty("spring.datasource.url"));
    }

    static boolean isEmbeddedH2(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return false;
        }
        String location = url.substring("jdbc:h2:".length());
        return !location.startsWith("tcp:") && !location.startsWith("ssl:") && !location.startsWith("mem:");
    }
}
