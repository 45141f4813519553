package io.calllog.eventstore.personal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.calllog.eventstore.EventJson;

import java.io.IOException;

/**
 * The JSON mappers of personal data. Events are read in one pass: where a string is expected and a sealed field
 * ({@code {"key", "gcm"}}) stands, it is read as a marked string ({@link #MARK}, the key's number, the sealed bytes),
 * which {@link PersonalDataSerializer} opens once the event is made; reading the JSON into a tree first and the event
 * from the tree made the replay benchmark 12% slower than this (docs/benchmarks.md). Trees (to seal a field as an event is written, and in the upgrade)
 * keep decimals exactly as written ({@code 0.10} stays {@code 0.10}).
 */
final class SealedStrings extends StdScalarDeserializer<String> {

    /** Starts a marked string: no text the service stores begins with a NUL character followed by this. */
    static final String MARK = "\u0000sealed:";

    private SealedStrings() {
        super(String.class);
    }

    /** The event mapper ({@link EventJson}) reading sealed fields as marked strings. */
    static ObjectMapper eventMapper() {
        return exact(EventJson.objectMapper())
                .registerModule(new SimpleModule("sealed-strings").addDeserializer(String.class, new SealedStrings()));
    }

    /** The event mapper for trees: decimals exactly as written. */
    static ObjectMapper treeMapper() {
        return exact(EventJson.objectMapper());
    }

    private static ObjectMapper exact(ObjectMapper mapper) {
        return mapper.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    static boolean isMarked(Object value) {
        return value instanceof String text && text.startsWith(MARK);
    }

    static long keyOf(String marked) {
        return Long.parseLong(marked.substring(MARK.length(), marked.indexOf(':', MARK.length())));
    }

    static String sealedOf(String marked) {
        return marked.substring(marked.indexOf(':', MARK.length()) + 1);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            JsonNode sealed = parser.readValueAsTree();
            if (FieldCipher.isSealed(sealed)) {
                return MARK + FieldCipher.keyOf(sealed) + ":" + sealed.get(FieldCipher.SEALED).asText();
            }
            return (String) context.handleUnexpectedToken(String.class, parser);
        }
        return StringDeserializer.instance.deserialize(parser, context);
    }
}
