package io.calllog.query;

import io.calllog.access.ModuleDefaults;

/** The query side's defaults, for call-query alone and for the all-in-one app alike. */
public final class QueryDefaults extends ModuleDefaults {

    public QueryDefaults() {
        super("io/calllog/query/query-defaults.properties");
    }
}
