package io.calllog.query.problem;

import java.net.URI;

/**
 * A resource of the read side that does not exist: a 404 problem of the given type, with the identifier that was
 * asked for as a property (for example {@code "uuid"}), so that a client can tell which lookup failed.
 */
public class NotFoundException extends RuntimeException {

    private final URI type;
    private final String title;
    private final String property;
    private final String value;

    public NotFoundException(URI type, String title, String detail, String property, String value) {
        super(detail);
        this.type = type;
        this.title = title;
        this.property = property;
        this.value = value;
    }

    URI type() {
        return type;
    }

    String title() {
        return title;
    }

    String property() {
        return property;
    }

    String value() {
        return value;
    }
}
