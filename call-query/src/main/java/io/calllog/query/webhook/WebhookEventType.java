package io.calllog.query.webhook;

import io.calllog.query.feed.ChangeType;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The message types an endpoint subscribes to: one per kind of change of the feed, named {@code call.<change>}. */
enum WebhookEventType {

    STARTED(ChangeType.STARTED), TRANSCRIPT(ChangeType.TRANSCRIPT), COMPLETED(ChangeType.COMPLETED),
    SUMMARIZED(ChangeType.SUMMARIZED), ERASED(ChangeType.ERASED);

    static final List<String> NAMES = Arrays.stream(values()).map(WebhookEventType::toString).toList();

    private final ChangeType change;
    private final String name;

    WebhookEventType(ChangeType change) {
        this.change = change;
        this.name = "call." + change;
    }

    static Optional<WebhookEventType> named(String name) {
        return Arrays.stream(values()).filter(type -> type.name.equals(name)).findFirst();
    }

    static Optional<WebhookEventType> of(String changeType) {
        return Arrays.stream(values()).filter(type -> type.change.toString().equals(changeType)).findFirst();
    }

    @Override
    public String toString() {
        return name;
    }
}
