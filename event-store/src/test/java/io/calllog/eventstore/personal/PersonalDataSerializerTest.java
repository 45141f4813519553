package io.calllog.eventstore.personal;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.CallSummarized;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.events.SpeakerRole;
import io.calllog.events.TranscriptLineAppended;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serializer of every stored event, on the event store's schema in an H2 database in memory. */
class PersonalDataSerializerTest {

    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

    private DataKeys keys;
    private PersonalDataSerializer serializer;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:serializer_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/eventstore").load().migrate();
        keys = new DataKeys(dataSource, Duration.ofMinutes(1), Clock.systemUTC());
        serializer = new PersonalDataSerializer(keys);
    }

    private void start(String call) {
        serializer.serialize(new CallStarted(call, "campaign", "record_" + call, Direction.INBOUND, AT), byte[].class);
    }

    private static String json(SerializedObject<byte[]> stored) {
        return new String(stored.getData(), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private <T> T read(SerializedObject<byte[]> stored) {
        return (T) serializer.deserialize(stored);
    }

    @Test
    void aCallsFirstEventMakesItsKeyFiledUnderItsRecord() {
        start("call_1");
        assertThat(keys.ofCall("call_1")).hasValueSatisfying(key -> assertThat(key.destroyed()).isFalse());
        assertThat(keys.callsOf("record_call_1")).containsExactly("call_1");
    }

    @Test
    void personalFieldsAreSealedAndOpenAgainWithTheCallsKey() {
        start("call_1");
        TranscriptLineAppended line = new TranscriptLineAppended("call_1", 3, SpeakerRole.USER, "my secret", AT);
        CallCompleted completed = new CallCompleted("call_1", CallStatus.COMPLETED, 12, new BigDecimal("0.10"),
                "https://rec.example.com/secret.mp3", AT, EndReason.UNKNOWN);
        CallSummarized summarized = new CallSummarized("call_1", "a secret summary");

        SerializedObject<byte[]> storedLine = serializer.serialize(line, byte[].class);
        SerializedObject<byte[]> storedCompletion = serializer.serialize(completed, byte[].class);
        SerializedObject<byte[]> storedSummary = serializer.serialize(summarized, byte[].class);

        assertThat(json(storedLine)).doesNotContain("secret").contains("\"seq\":3", "\"text\":{\"key\":");
        assertThat(json(storedCompletion)).doesNotContain("secret").contains("\"durationSeconds\":12");
        assertThat(json(storedSummary)).doesNotContain("secret");
        assertThat((Object) read(storedLine)).isEqualTo(line);
        assertThat((Object) read(storedCompletion)).isEqualTo(completed);
        assertThat((Object) read(storedSummary)).isEqualTo(summarized);
    }

    @Test
    void onceTheKeyIsDestroyedTextReadsErasedAndTheRestStays() {
        start("call_1");
        SerializedObject<byte[]> storedLine = serializer.serialize(
                new TranscriptLineAppended("call_1", 0, SpeakerRole.USER, "my secret", AT), byte[].class);
        SerializedObject<byte[]> storedCompletion = serializer.serialize(new CallCompleted("call_1",
                CallStatus.COMPLETED, 12, BigDecimal.ONE, "https://rec.example.com/secret.mp3", AT,
                EndReason.UNKNOWN), byte[].class);
        SerializedObject<byte[]> storedSummary = serializer.serialize(new CallSummarized("call_1", "secret"),
                byte[].class);

        assertThat(keys.destroy("call_1")).isTrue();
        assertThat(keys.destroy("call_1")).as("destroyed once").isFalse();

        assertThat((Object) read(storedLine))
                .isEqualTo(new TranscriptLineAppended("call_1", 0, SpeakerRole.USER, "[erased]", AT));
        assertThat((Object) read(storedCompletion)).isEqualTo(new CallCompleted("call_1", CallStatus.COMPLETED, 12,
                BigDecimal.ONE, null, AT, EndReason.UNKNOWN));
        assertThat((Object) read(storedSummary)).isEqualTo(new CallSummarized("call_1", null));
        assertThatThrownBy(() -> serializer.serialize(new CallSummarized("call_1", "new text"), byte[].class))
                .isInstanceOf(CallErasedException.class);
    }

    @Test
    void aSealedFieldMovedToAnotherCallDoesNotOpen() {
        start("call_1");
        start("call_2");
        String sealed = json(serializer.serialize(new CallSummarized("call_1", "secret"), byte[].class));
        byte[] moved = sealed.replace("call_1", "call_2").getBytes(StandardCharsets.UTF_8);
        SerializedObject<byte[]> forged = new SimpleSerializedObject<>(moved, byte[].class,
                serializer.typeForClass(CallSummarized.class));
        assertThatThrownBy(() -> serializer.deserialize(forged)).hasMessageContaining("does not open");
    }

    @Test
    void fieldsStoredBeforeEncryptionReadAsTheyAre() {
        byte[] plain = "{\"callUuid\":\"call_old\",\"summary\":\"plain text\"}".getBytes(StandardCharsets.UTF_8);
        SerializedObject<byte[]> stored = new SimpleSerializedObject<>(plain, byte[].class,
                serializer.typeForClass(CallSummarized.class));
        assertThat((Object) read(stored)).isEqualTo(new CallSummarized("call_old", "plain text"));
    }
}
