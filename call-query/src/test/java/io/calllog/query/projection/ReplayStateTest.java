package io.calllog.query.projection;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replay's state machine and its progress arithmetic, without any server. */
class ReplayStateTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aReplayResetsThenReplaysThenEndsAndOnlyAFinishedOneMayStartAgain() {
        assertThat(ReplayState.RESETTING.next()).containsExactlyInAnyOrder(ReplayState.REPLAYING, ReplayState.FAILED);
        assertThat(ReplayState.REPLAYING.next()).containsExactlyInAnyOrder(ReplayState.DONE, ReplayState.FAILED);
        assertThat(ReplayState.DONE.next()).containsExactly(ReplayState.RESETTING);
        assertThat(ReplayState.FAILED.next()).containsExactly(ReplayState.RESETTING);
        assertThat(List.of(ReplayState.values())).filteredOn(ReplayState::active)
                .containsExactly(ReplayState.RESETTING, ReplayState.REPLAYING);
        for (ReplayState state : ReplayState.values()) {
            assertThat(ReplayState.of(state.toString())).isEqualTo(state);
        }
        assertThat(ReplayState.REPLAYING).hasToString("replaying");
    }

    @Test
    void aLeaseIsNeverMovedAlongAnEdgeTheMachineDoesNotHave() {
        ReplayLeases leases = new ReplayLeases(null); // refused before the read model is asked
        assertThatThrownBy(() -> leases.finish("calls", ReplayState.DONE, ReplayState.FAILED, null, STARTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from done to failed");
        assertThatThrownBy(() -> leases.finish("calls", ReplayState.RESETTING, ReplayState.DONE, null, STARTED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void progressIsTheSlowestSegmentAgainstTheHeadAtTheResetAtTheRateSinceTheStart() {
        ReplayLease replaying = lease(ReplayState.REPLAYING, STARTED, null);
        List<SegmentStatus> segments = List.of(new SegmentStatus(0, "a", 500L, true),
                new SegmentStatus(1, "b", 300L, true));
        ReplayStatus status = ReplayStatus.of(replaying, segments, STARTED.plus(Duration.ofSeconds(10)));
        assertThat(status.eventsDone()).isEqualTo(300);
        assertThat(status.eventsTotal()).isEqualTo(1_000);
        assertThat(status.eventsPerSecond()).isEqualTo(30.0);
        assertThat(status.secondsLeft()).isEqualTo(23);
        assertThat(status.state()).isEqualTo("replaying");
    }

    @Test
    void aResettingReplayHasDoneNothingAndAFinishedOneEverythingAtItsFinalRate() {
        assertThat(ReplayStatus.of(lease(ReplayState.RESETTING, null, null), List.of(), STARTED).eventsDone()).isZero();
        ReplayStatus done = ReplayStatus.of(lease(ReplayState.DONE, STARTED, STARTED.plusSeconds(20)),
                List.of(new SegmentStatus(0, "a", 10L, false)), STARTED.plusSeconds(3_600));
        assertThat(done.eventsDone()).isEqualTo(1_000);
        assertThat(done.eventsPerSecond()).isEqualTo(50.0);
        assertThat(done.secondsLeft()).isZero();
        assertThat(ReplayStatus.of(lease(ReplayState.REPLAYING, STARTED, null), List.of(), STARTED).eventsPerSecond())
                .as("no figure before there is one").isNull();
    }

    private static ReplayLease lease(ReplayState state, Instant startedAt, Instant finishedAt) {
        return new ReplayLease("calls", state.toString(), "node-1", STARTED.minusSeconds(1), STARTED, startedAt,
                finishedAt, 1_000, null);
    }
}
