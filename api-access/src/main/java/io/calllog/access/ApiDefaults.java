package io.calllog.access;

/** The defaults of the web layer both sides share: problems, the API description, health and metrics. */
public final class ApiDefaults extends ModuleDefaults {

    public ApiDefaults() {
        super("io/calllog/access/api-defaults.properties");
    }
}
