package io.calllog.events;

import java.util.regex.Pattern;

/**
 * The shape of an identifier that a client chooses: a call's uuid (the telephony provider's call id, so that every
 * retry is idempotent), a campaign's and a record's. 1 to 128 characters of {@code [A-Za-z0-9_.:-]}. The ingestion
 * API, the read side and the API description all take the rule from here.
 */
public final class ClientId {

    public static final String REGEX = "[A-Za-z0-9_.:-]{1,128}";
    /** The reason a refusal gives, after the field's name. */
    public static final String RULE = "must be 1 to 128 characters of A-Z a-z 0-9 _ . : -";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private ClientId() {
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }
}
