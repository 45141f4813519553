package io.calllog.command;

import io.calllog.access.ModuleDefaults;

/** The command side's defaults, for call-command alone and for the all-in-one app alike. */
public final class CommandDefaults extends ModuleDefaults {

    public CommandDefaults() {
        super("io/calllog/command/command-defaults.properties");
    }
}
