package io.calllog.command.call;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.CallSummarized;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.events.SpeakerRole;
import io.calllog.events.TranscriptLineAppended;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static io.calllog.command.call.FactOutcome.Result.ALREADY_RECORDED;
import static io.calllog.command.call.FactOutcome.Result.CALL_NOT_STARTED;
import static io.calllog.command.call.FactOutcome.Result.CONFLICT;
import static io.calllog.command.call.FactOutcome.Result.RECORDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.matches;

/** The ingestion rules of the Call aggregate, one behaviour per test. */
class CallTest {

    private static final String CALL = "call_12345";
    private static final Instant RECEIVED = Instant.parse("2026-04-20T15:00:05Z");
    private static final Instant STARTED_AT = Instant.parse("2026-04-20T15:00:00Z");
    private static final Instant ENDED_AT = Instant.parse("2026-04-20T15:02:25Z");

    private static final StartCall START = new StartCall("campaign_67890", "record_12345", Direction.OUTBOUND, STARTED_AT);
    private static final CallStarted STARTED =
            new CallStarted(CALL, "campaign_67890", "record_12345", Direction.OUTBOUND, STARTED_AT);
    private static final CompleteCall COMPLETE = new CompleteCall(CallStatus.COMPLETED, 145, new BigDecimal("0.45"),
            "https://storage.callcamp.com/recordings/call_12345.mp3", ENDED_AT, null);
    private static final CallCompleted COMPLETED = new CallCompleted(CALL, CallStatus.COMPLETED, 145,
            new BigDecimal("0.45"), "https://storage.callcamp.com/recordings/call_12345.mp3", ENDED_AT,
            EndReason.UNKNOWN);

    private FixtureConfiguration<Call> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Call.class);
    }

    private static RecordCallFacts record(CallCommand... facts) {
        return RecordCallFacts.of(CALL, RECEIVED, facts);
    }

    private static TranscriptLineAppended line(int seq, SpeakerRole role, String text, Instant at) {
        return new TranscriptLineAppended(CALL, seq, role, text, at);
    }

    @SuppressWarnings("unchecked")
    private static List<FactOutcome.Result> results(Object payload) {
        return ((List<FactOutcome>) payload).stream().map(FactOutcome::result).toList();
    }

    @Test
    void startingANewCallRecordsCallStarted() {
        fixture.givenNoPriorActivity()
                .when(record(START))
                .expectEvents(STARTED)
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(RECORDED))));
    }

    @Test
    void aStartWithoutStartedAtIsDatedWhenReceived() {
        fixture.givenNoPriorActivity()
                .when(record(new StartCall("campaign_67890", "record_12345", Direction.INBOUND, null)))
                .expectEvents(new CallStarted(CALL, "campaign_67890", "record_12345", Direction.INBOUND, RECEIVED));
    }

    @Test
    void theSameStartAgainIsANoOp() {
        fixture.given(STARTED)
                .when(record(START))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(ALREADY_RECORDED))));
    }

    @Test
    void aRepeatedStartWithoutStartedAtMatchesTheRecordedStart() {
        fixture.given(STARTED)
                .when(record(new StartCall("campaign_67890", "record_12345", Direction.OUTBOUND, null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(ALREADY_RECORDED))));
    }

    @Test
    void aDifferentStartIsAConflictNamingTheFields() {
        fixture.given(STARTED)
                .when(record(new StartCall("campaign_other", "record_12345", Direction.INBOUND, STARTED_AT)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(payload -> {
                    FactOutcome outcome = ((List<FactOutcome>) payload).get(0);
                    return outcome.result() == CONFLICT
                            && outcome.fields().equals(List.of("campaignUuid", "direction"));
                }));
    }

    @Test
    void factsForACallThatNeverStartedAreRefused() {
        fixture.givenNoPriorActivity()
                .when(record(new AppendTranscriptLine(0, SpeakerRole.ASSISTANT, "Hello", null)))
                .expectNoEvents()
                .expectException(CallNotStartedException.class);
    }

    @Test
    void aTranscriptLineIsAppended() {
        fixture.given(STARTED)
                .when(record(new AppendTranscriptLine(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT)))
                .expectEvents(line(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT));
    }

    @Test
    void aTranscriptLineWithoutAtIsDatedWhenReceived() {
        fixture.given(STARTED)
                .when(record(new AppendTranscriptLine(3, SpeakerRole.USER, "Hi", null)))
                .expectEvents(line(3, SpeakerRole.USER, "Hi", RECEIVED));
    }

    @Test
    void theSameLineAtTheSameSeqAgainIsANoOp() {
        fixture.given(STARTED, line(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT))
                .when(record(new AppendTranscriptLine(0, SpeakerRole.ASSISTANT, "Hello", null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(ALREADY_RECORDED))));
    }

    @Test
    void otherTextAtARecordedSeqIsAConflict() {
        fixture.given(STARTED, line(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT))
                .when(record(new AppendTranscriptLine(0, SpeakerRole.ASSISTANT, "Goodbye", null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(payload -> {
                    FactOutcome outcome = ((List<FactOutcome>) payload).get(0);
                    return outcome.result() == CONFLICT && outcome.fields().equals(List.of("seq"));
                }));
    }

    @Test
    void anotherSpeakerAtARecordedSeqIsAConflict() {
        fixture.given(STARTED, line(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT))
                .when(record(new AppendTranscriptLine(0, SpeakerRole.USER, "Hello", null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(CONFLICT))));
    }

    @Test
    void aLateTranscriptLineAfterTheCallEndedIsAccepted() {
        fixture.given(STARTED, COMPLETED)
                .when(record(new AppendTranscriptLine(7, SpeakerRole.USER, "late speech-to-text", null)))
                .expectEvents(line(7, SpeakerRole.USER, "late speech-to-text", RECEIVED));
    }

    @Test
    void completingACallRecordsCallCompleted() {
        fixture.given(STARTED)
                .when(record(COMPLETE))
                .expectEvents(COMPLETED);
    }

    @Test
    void theSameCompletionAgainIsANoOpEvenWithCostWrittenDifferently() {
        fixture.given(STARTED, COMPLETED)
                .when(record(new CompleteCall(CallStatus.COMPLETED, 145, new BigDecimal("0.450"),
                        "https://storage.callcamp.com/recordings/call_12345.mp3", null, null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(ALREADY_RECORDED))));
    }

    @Test
    void aDifferentCompletionIsAConflictNamingTheFields() {
        fixture.given(STARTED, COMPLETED)
                .when(record(new CompleteCall(CallStatus.NO_ANSWER, 0, new BigDecimal("0.45"),
                        "https://storage.callcamp.com/recordings/call_12345.mp3", ENDED_AT, null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(payload -> {
                    FactOutcome outcome = ((List<FactOutcome>) payload).get(0);
                    return outcome.result() == CONFLICT && outcome.fields().equals(List.of("status", "duration"));
                }));
    }

    @Test
    void aReportedEndReasonIsRecordedAndAnotherOneLaterIsAConflict() {
        CompleteCall hungUp = new CompleteCall(CallStatus.COMPLETED, 145, new BigDecimal("0.45"), null, ENDED_AT,
                EndReason.CALLER_HUNG_UP);
        fixture.given(STARTED)
                .when(record(hungUp))
                .expectEvents(new CallCompleted(CALL, CallStatus.COMPLETED, 145, new BigDecimal("0.45"), null,
                        ENDED_AT, EndReason.CALLER_HUNG_UP));
        fixture.given(STARTED, new CallCompleted(CALL, CallStatus.COMPLETED, 145, new BigDecimal("0.45"), null,
                        ENDED_AT, EndReason.CALLER_HUNG_UP))
                .when(record(new CompleteCall(CallStatus.COMPLETED, 145, new BigDecimal("0.45"), null, ENDED_AT,
                        EndReason.AGENT_HUNG_UP)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(payload -> {
                    FactOutcome outcome = ((List<FactOutcome>) payload).get(0);
                    return outcome.result() == CONFLICT && outcome.fields().equals(List.of("endReason"));
                }));
    }

    @Test
    void aSummaryIsRecorded() {
        fixture.given(STARTED)
                .when(record(new SummarizeCall("Interested; call back Tuesday.")))
                .expectEvents(new CallSummarized(CALL, "Interested; call back Tuesday."));
    }

    @Test
    void theSameSummaryAgainIsANoOp() {
        fixture.given(STARTED, new CallSummarized(CALL, "Interested."))
                .when(record(new SummarizeCall("Interested.")))
                .expectNoEvents();
    }

    @Test
    void aNewSummaryReplacesTheEarlierOne() {
        fixture.given(STARTED, COMPLETED, new CallSummarized(CALL, "Interested."))
                .when(record(new SummarizeCall("Re-analysed: not interested.")))
                .expectEvents(new CallSummarized(CALL, "Re-analysed: not interested."));
    }

    @Test
    void factsAreAppliedInOrderWithinOneCommand() {
        fixture.givenNoPriorActivity()
                .when(record(new SummarizeCall("too early"), START,
                        new AppendTranscriptLine(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT),
                        new AppendTranscriptLine(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT),
                        COMPLETE))
                .expectEvents(STARTED, line(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT), COMPLETED)
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(
                                List.of(CALL_NOT_STARTED, RECORDED, RECORDED, ALREADY_RECORDED, RECORDED))));
    }

    @Test
    void aLongCallKeepsDigestsNotTexts() {
        String longText = "x".repeat(10_000);
        fixture.given(STARTED, line(0, SpeakerRole.USER, longText, STARTED_AT))
                .when(record(new AppendTranscriptLine(0, SpeakerRole.USER, longText, null)))
                .expectNoEvents()
                .expectState(call -> assertThat(call).extracting("lineFingerprints")
                        .asString().hasSizeLessThan(100));
    }
}
