package io.calllog.command.ingestion;

import java.util.regex.Pattern;

/** The shape of a call id chosen by a worker: 1 to 128 characters of {@code [A-Za-z0-9_.:-]}. */
final class CallUuid {

    static final String REGEX = "[A-Za-z0-9_.:-]{1,128}";
    static final String RULE = "must be 1 to 128 characters of A-Z a-z 0-9 _ . : -";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private CallUuid() {
    }

    static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }
}
