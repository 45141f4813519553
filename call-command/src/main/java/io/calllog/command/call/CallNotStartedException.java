package io.calllog.command.call;

import org.axonframework.common.AxonNonTransientException;

/**
 * Facts were posted for a call that has no {@code started} event, and none of the facts starts it. Non-transient: a
 * retry of the same command cannot succeed, so the command gateway does not retry it.
 */
public class CallNotStartedException extends AxonNonTransientException {

    private final String callUuid;

    public CallNotStartedException(String callUuid) {
        super("call " + callUuid + " has not started: post its 'started' event first");
        this.callUuid = callUuid;
    }

    public String callUuid() {
        return callUuid;
    }
}
