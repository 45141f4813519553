package io.calllog.query.call;

import io.calllog.events.CallCompleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Counts calls as they end, per status ({@code calllog.calls.ended}): a side effect of the calls projection that must
 * happen once per call, when it ends, and not again when history is replayed, so its handler is
 * {@link DisallowReplay}. (The counter lives in this process only; after a restart it counts from zero.)
 */
@Component
@ProcessingGroup(CallProjection.PROCESSING_GROUP)
public class CallOutcomeMetrics {

    public static final String ENDED_CALLS = "calllog.calls.ended";

    private final MeterRegistry meters;

    public CallOutcomeMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @EventHandler
    @DisallowReplay
    void on(CallCompleted event) {
        Counter.builder(ENDED_CALLS).description("Calls that ended, as they ended (never counted again by a replay)")
                .tag("status", event.status().toString()).register(meters).increment();
    }
}
