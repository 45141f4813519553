package io.calllog.query.webhook;

import java.util.Arrays;
import java.util.Optional;

/** Where a message stands: still to be delivered (retrying, or waiting behind an earlier one), delivered, or given up. */
enum DeliveryStatus {

    PENDING("pending"), DELIVERED("delivered"), FAILED("failed");

    private final String name;

    DeliveryStatus(String name) {
        this.name = name;
    }

    static Optional<DeliveryStatus> named(String name) {
        return Arrays.stream(values()).filter(status -> status.name.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return name;
    }
}
