package io.calllog.query.call;

/** Query: one call by its uuid; answers an {@code Optional<CallView>}. */
public record FindCall(String uuid) {
}
