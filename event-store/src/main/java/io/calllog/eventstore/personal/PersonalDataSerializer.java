package io.calllog.eventstore.personal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calllog.events.PersonalData;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The serializer of everything Axon stores (events, snapshots, tokens, dead letters), around Jackson's: an event's
 * {@link PersonalData} components are sealed ({@link FieldCipher}) under its call's data key ({@link DataKeys}) as
 * they are serialized, and opened as they are read back; a field whose key is destroyed reads as
 * {@link PersonalData#erasedAs()} says. So the plain text of personal data is never written by Axon, wherever it
 * writes an event (the event store, a dead letter in MongoDB), and every reader of events (the aggregate, the
 * projections and their replays, the change feed, the timeline, webhooks) sees erased data as erased without knowing
 * about keys. A call's first event ({@link io.calllog.events.DataSubject}) makes its key, in the transaction that
 * appends it. Fields stored before encryption (strings where sealed fields are objects) read as they are, until
 * {@link PlaintextUpgrade} has sealed them.
 */
public final class PersonalDataSerializer implements Serializer {

    private final Serializer delegate;
    private final ObjectMapper json;
    private final DataKeys keys;
    private final FieldCipher cipher = new FieldCipher();
    private final ClassValue<PersonalFields> fields = new ClassValue<>() {
        @Override
        protected PersonalFields computeValue(Class<?> type) {
            return PersonalFields.of(type);
        }
    };

    /** Around Axon's Jackson serializer, with the event JSON of {@link io.calllog.eventstore.EventJson}. */
    public PersonalDataSerializer(DataKeys keys) {
        this.delegate = JacksonSerializer.builder().objectMapper(SealedStrings.eventMapper())
                .revisionResolver(new AnnotationRevisionResolver()).build();
        this.json = SealedStrings.treeMapper();
        this.keys = keys;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        PersonalFields personal = object == null ? PersonalFields.NONE : fields.get(object.getClass());
        if (!personal.any()) {
            return delegate.serialize(object, expectedRepresentation);
        }
        String callUuid = personal.callUuidOf(object);
        if (personal.subject() != null) {
            keys.keyFor(callUuid, personal.subjectOf(object));
        }
        if (personal.personal().isEmpty()) {
            return delegate.serialize(object, expectedRepresentation);
        }
        ObjectNode node = json.valueToTree(object);
        DataKey key = null;
        for (PersonalFields.Field field : personal.personal()) {
            JsonNode value = node.get(field.name());
            if (value != null && value.isTextual()) {
                if (key == null) {
                    key = liveKey(callUuid);
                }
                node.set(field.name(), cipher.seal(key, callUuid, field.name(), value.textValue()));
            }
        }
        try {
            byte[] bytes = json.writeValueAsBytes(node);
            return new SimpleSerializedObject<>(getConverter().convert(bytes, byte[].class, expectedRepresentation),
                    expectedRepresentation, typeForClass(object.getClass()));
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot serialize " + object.getClass().getName(), e);
        }
    }

    private DataKey liveKey(String callUuid) {
        DataKey key = keys.ofCall(callUuid).orElseThrow(() -> new IllegalStateException("call " + callUuid
                + " has no data key: its first event was stored before keys existed and was not upgraded"));
        if (key.destroyed()) {
            throw new CallErasedException(callUuid);
        }
        return key;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Object event = delegate.deserialize(serializedObject);
        PersonalFields personal = event == null ? PersonalFields.NONE : fields.get(event.getClass());
        if (personal.personal().isEmpty()) {
            return (T) event;
        }
        String callUuid = personal.callUuidOf(event);
        return (T) personal.opened(event, (field, value) -> open(callUuid, field, value));
    }

    /** A personal field's plain text, or what it reads as once erased; a field stored before encryption as it is. */
    private Object open(String callUuid, PersonalFields.Field field, Object value) {
        if (!SealedStrings.isMarked(value)) {
            return value; // absent, null, or stored before encryption
        }
        String marked = (String) value;
        DataKey key = keys.byId(SealedStrings.keyOf(marked));
        if (key.destroyed()) {
            return field.erasedAs() == PersonalData.Erased.MARKER ? PersonalData.ERASED : null;
        }
        return cipher.open(key, callUuid, field.name(), SealedStrings.sealedOf(marked));
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
