package io.calllog.query.problem;

import java.net.URI;

/** A request that the resource's current state does not allow: a 409 problem of the given type. */
public class ConflictException extends RuntimeException {

    private final URI type;
    private final String title;

    public ConflictException(URI type, String title, String detail) {
        super(detail);
        this.type = type;
        this.title = title;
    }

    URI type() {
        return type;
    }

    String title() {
        return title;
    }
}
