package io.calllog.eventstore.personal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calllog.events.PersonalData;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

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

    public PersonalDataSerializer(Serializer delegate, ObjectMapper json, DataKeys keys) {
        this.delegate = delegate;
        this.json = json;
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
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        PersonalFields personal = fields.get(classForType(serializedObject.getType()));
        if (personal.personal().isEmpty()) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode node = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(),
                JsonNode.class);
        if (node instanceof ObjectNode event) {
            open(event, personal);
        }
        return delegate.deserialize(new SimpleSerializedObject<>(node, JsonNode.class, serializedObject.getType()));
    }

    /** Replaces the sealed fields of an event's JSON by their plain text, or by what an erased field reads as. */
    private void open(ObjectNode event, PersonalFields personal) {
        String callUuid = event.path("callUuid").asText();
        for (PersonalFields.Field field : personal.personal()) {
            JsonNode sealed = event.get(field.name());
            if (!FieldCipher.isSealed(sealed)) {
                continue; // absent, null, or stored before encryption
            }
            DataKey key = keys.byId(FieldCipher.keyOf(sealed));
            if (key.destroyed()) {
                event.set(field.name(), field.erasedAs() == PersonalData.Erased.MARKER
                        ? json.getNodeFactory().textNode(PersonalData.ERASED)
                        : json.getNodeFactory().nullNode());
            } else {
                event.put(field.name(), cipher.open(key, callUuid, field.name(), sealed));
            }
        }
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
