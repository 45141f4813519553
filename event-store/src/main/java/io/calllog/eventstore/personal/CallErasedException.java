package io.calllog.eventstore.personal;

/** Personal data of a call whose data key is destroyed was about to be stored: it never is. */
public class CallErasedException extends IllegalStateException {

    private final String callUuid;

    public CallErasedException(String callUuid) {
        super("the personal data of call " + callUuid + " was erased: nothing of it is stored again");
        this.callUuid = callUuid;
    }

    public String callUuid() {
        return callUuid;
    }
}
