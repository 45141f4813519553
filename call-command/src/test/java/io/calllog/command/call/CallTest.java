package io.calllog.command.call;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.CallSummarized;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.events.SpeakerRole;
import io.calllog.events.PersonalDataErased;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.eventstore.personal.DataKeys;
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
    private DataKeys keys;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Call.class);
        keys = KeysInMemory.newKeys();
        fixture.registerInjectableResource(keys);
    }

    /** A call that is given as started has its key, as one started through the aggregate has. */
    private FixtureConfiguration<Call> withKey() {
        keys.keyFor(CALL, "record_12345");
        return fixture;
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
        withKey().given(STARTED)
                .when(record(START))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(ALREADY_RECORDED))));
    }

    @Test
    void aRepeatedStartWithoutStartedAtMatchesTheRecordedStart() {
        withKey().given(STARTED)
                .when(record(new StartCall("campaign_67890", "record_12345", Direction.OUTBOUND, null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(ALREADY_RECORDED))));
    }

    @Test
    void aDifferentStartIsAConflictNamingTheFields() {
        withKey().given(STARTED)
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
        withKey().given(STARTED)
                .when(record(new AppendTranscriptLine(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT)))
                .expectEvents(line(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT));
    }

    @Test
    void aTranscriptLineWithoutAtIsDatedWhenReceived() {
        withKey().given(STARTED)
                .when(record(new AppendTranscriptLine(3, SpeakerRole.USER, "Hi", null)))
                .expectEvents(line(3, SpeakerRole.USER, "Hi", RECEIVED));
    }

    @Test
    void theSameLineAtTheSameSeqAgainIsANoOp() {
        withKey().given(STARTED, line(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT))
                .when(record(new AppendTranscriptLine(0, SpeakerRole.ASSISTANT, "Hello", null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(ALREADY_RECORDED))));
    }

    @Test
    void otherTextAtARecordedSeqIsAConflict() {
        withKey().given(STARTED, line(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT))
                .when(record(new AppendTranscriptLine(0, SpeakerRole.ASSISTANT, "Goodbye", null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(payload -> {
                    FactOutcome outcome = ((List<FactOutcome>) payload).get(0);
                    return outcome.result() == CONFLICT && outcome.fields().equals(List.of("seq"));
                }));
    }

    @Test
    void anotherSpeakerAtARecordedSeqIsAConflict() {
        withKey().given(STARTED, line(0, SpeakerRole.ASSISTANT, "Hello", STARTED_AT))
                .when(record(new AppendTranscriptLine(0, SpeakerRole.USER, "Hello", null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(CONFLICT))));
    }

    @Test
    void aLateTranscriptLineAfterTheCallEndedIsAccepted() {
        withKey().given(STARTED, COMPLETED)
                .when(record(new AppendTranscriptLine(7, SpeakerRole.USER, "late speech-to-text", null)))
                .expectEvents(line(7, SpeakerRole.USER, "late speech-to-text", RECEIVED));
    }

    @Test
    void completingACallRecordsCallCompleted() {
        withKey().given(STARTED)
                .when(record(COMPLETE))
                .expectEvents(COMPLETED);
    }

    @Test
    void theSameCompletionAgainIsANoOpEvenWithCostWrittenDifferently() {
        withKey().given(STARTED, COMPLETED)
                .when(record(new CompleteCall(CallStatus.COMPLETED, 145, new BigDecimal("0.450"),
                        "https://storage.callcamp.com/recordings/call_12345.mp3", null, null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(ALREADY_RECORDED))));
    }

    @Test
    void aDifferentCompletionIsAConflictNamingTheFields() {
        withKey().given(STARTED, COMPLETED)
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
        withKey().given(STARTED)
                .when(record(hungUp))
                .expectEvents(new CallCompleted(CALL, CallStatus.COMPLETED, 145, new BigDecimal("0.45"), null,
                        ENDED_AT, EndReason.CALLER_HUNG_UP));
        withKey().given(STARTED, new CallCompleted(CALL, CallStatus.COMPLETED, 145, new BigDecimal("0.45"), null,
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
        withKey().given(STARTED)
                .when(record(new SummarizeCall("Interested; call back Tuesday.")))
                .expectEvents(new CallSummarized(CALL, "Interested; call back Tuesday."));
    }

    @Test
    void theSameSummaryAgainIsANoOp() {
        withKey().given(STARTED, new CallSummarized(CALL, "Interested."))
                .when(record(new SummarizeCall("Interested.")))
                .expectNoEvents();
    }

    @Test
    void aNewSummaryReplacesTheEarlierOne() {
        withKey().given(STARTED, COMPLETED, new CallSummarized(CALL, "Interested."))
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
        withKey().given(STARTED, line(0, SpeakerRole.USER, longText, STARTED_AT))
                .when(record(new AppendTranscriptLine(0, SpeakerRole.USER, longText, null)))
                .expectNoEvents()
                .expectState(call -> assertThat(call).extracting("lineFingerprints")
                        .asString().hasSizeLessThan(100));
    }

    private static final Instant ERASED_AT = Instant.parse("2026-05-01T09:00:00Z");
    private static final ErasePersonalData ERASE = new ErasePersonalData(CALL, ERASED_AT, "privacy-officer",
            "ticket 4711");
    private static final PersonalDataErased ERASED = new PersonalDataErased(CALL, "record_12345", ERASED_AT,
            "privacy-officer", "ticket 4711");

    @Test
    void startingACallMakesItsDataKey() {
        fixture.givenNoPriorActivity()
                .when(record(START))
                .expectSuccessfulHandlerExecution();
        assertThat(keys.ofCall(CALL)).hasValueSatisfying(key -> assertThat(key.destroyed()).isFalse());
    }

    @Test
    void erasingACallDestroysItsKeyAndRecordsWhoWhenAndWhy() {
        withKey().given(STARTED, line(0, SpeakerRole.USER, "My number is 555-0100", STARTED_AT), COMPLETED)
                .when(ERASE)
                .expectEvents(ERASED)
                .expectResultMessagePayload(true)
                .expectState(call -> assertThat(call).extracting("summaryFingerprint").isNull());
        assertThat(keys.ofCall(CALL)).hasValueSatisfying(key -> assertThat(key.destroyed()).isTrue());
    }

    @Test
    void erasingAnErasedCallAgainIsANoOp() {
        withKey().given(STARTED, ERASED)
                .when(ERASE)
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void factsOfAnErasedCallAreRefusedEvenExactRepeats() {
        withKey().given(STARTED, line(0, SpeakerRole.USER, "Hello", STARTED_AT), ERASED)
                .when(record(START, new AppendTranscriptLine(0, SpeakerRole.USER, "Hello", null),
                        new SummarizeCall("New text")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        payload -> results(payload).equals(List.of(FactOutcome.Result.ERASED, FactOutcome.Result.ERASED, FactOutcome.Result.ERASED))));
    }

    @Test
    void digestsDependOnTheCallsKeySoTheSameTextInAnotherCallDigestsOtherwise() {
        keys.keyFor(CALL, "record_12345");
        keys.keyFor("call_other", "record_12345");
        String here = keys.ofCall(CALL).orElseThrow().digest("line", "user", "Hello");
        String there = keys.ofCall("call_other").orElseThrow().digest("line", "user", "Hello");
        assertThat(here).isNotEqualTo(there).isEqualTo(keys.ofCall(CALL).orElseThrow().digest("line", "user",
                "Hello"));
    }
}
