package io.calllog.query.webhook;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What an attempt means for its message: the contract's table of answers. */
class DeliveryAttemptTest {

    private static AttemptOutcome outcomeOf(Integer status) {
        return new DeliveryAttempt(Instant.now(), status, 1, status == null ? "timed out" : null).outcome();
    }

    @Test
    void twoHundredsAreDelivered() {
        assertThat(outcomeOf(200)).isEqualTo(AttemptOutcome.DELIVERED);
        assertThat(outcomeOf(204)).isEqualTo(AttemptOutcome.DELIVERED);
    }

    @Test
    void networkErrorsTimeoutsFourOhEightFourTwentyNineAndFiveHundredsAreRetried() {
        assertThat(outcomeOf(null)).isEqualTo(AttemptOutcome.RETRY);
        assertThat(outcomeOf(408)).isEqualTo(AttemptOutcome.RETRY);
        assertThat(outcomeOf(429)).isEqualTo(AttemptOutcome.RETRY);
        assertThat(outcomeOf(500)).isEqualTo(AttemptOutcome.RETRY);
        assertThat(outcomeOf(503)).isEqualTo(AttemptOutcome.RETRY);
    }

    @Test
    void goneDisablesTheEndpoint() {
        assertThat(outcomeOf(410)).isEqualTo(AttemptOutcome.GONE);
    }

    @Test
    void otherFourHundredsAndRedirectsGiveTheMessageUp() {
        assertThat(outcomeOf(400)).isEqualTo(AttemptOutcome.GIVE_UP);
        assertThat(outcomeOf(404)).isEqualTo(AttemptOutcome.GIVE_UP);
        assertThat(outcomeOf(301)).isEqualTo(AttemptOutcome.GIVE_UP);
    }
}
