package io.calllog.app;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of mongo-java-server's unique indexes on its H2 backend: their order, without its cost, and their stored
 * form, without Java serialization.
 * <p>
 * <b>Order.</b> The backend keeps each unique index in an H2 {@code MVMap} whose keys are {@link KeyValue}s, which H2
 * can only compare by serialising both with Java serialization and comparing the bytes. Every lookup of a document by
 * {@code _id} does that about 16 times over, and a document written does 3 or 4 lookups: in a replay of the
 * {@code calls} projection that was half of the read model's time (docs/benchmarks.md). For the keys this service
 * writes, one ASCII string (ids), the serialised forms differ only in the string's length (two bytes, big-endian) and
 * then in its characters (one byte each), so ordering by length and then by characters is exactly H2's order. For keys
 * of one number of the same type, {@code Double} or {@code Long} (the ordinals of the term index, looked up by the
 * thousand in a search; the server turns numbers into doubles), the serialised forms differ only in the number's eight
 * bytes, big-endian, which H2 compares unsigned: {@link Long#compareUnsigned} of the bits. Any
 * other key (several fields, numbers, other characters) is compared as H2 compares it, so an index keeps one order
 * whichever backend wrote it ({@code IndexKeyOrderTest} checks both).
 * <p>
 * <b>Stored form.</b> H2 writes a page of keys again each time one of its keys changes, and reads it back when its
 * cache lets it go: with Java serialization (class descriptors and all) that was the read model's largest cost under
 * the webhooks' ledger writes (a profile: 40% of the page writer's samples in {@code ObjectOutputStream}, a quarter
 * of the server's in {@code ObjectInputStream}). A key of one string is written as {@value #STRING_KEY} and the
 * string; a key of distinct scalar values as {@value #BSON_KEY} and a BSON document of them; what else there is (see
 * {@link #bsonOf}), as H2 writes it. Both tags are above the ones H2's {@link ObjectDataType} writes (below 128), so the keys of a file
 * written before are read as they were, and pages are rewritten in the new form as they change. The plain backend
 * cannot read the new form: there is no way back to it but a replay into a fresh data directory.
 */
final class IndexKeyOrder extends ObjectDataType {

    static final int STRING_KEY = 0xB6;
    static final int BSON_KEY = 0xB7;

    /** Java serialization writes strings of up to this many bytes with a two-byte length. */
    private static final int SHORT_STRING_BYTES = 0xFFFF;
    private static final String VALUES = "v";
    private static final Object NULL = new Object();

    @Override
    public int compare(Object a, Object b) {
        Object firstNumber = singleNumber(a);
        if (firstNumber != null) {
            Object secondNumber = singleNumber(b);
            if (secondNumber != null && secondNumber.getClass() == firstNumber.getClass()) {
                return Long.compareUnsigned(bitsOf(firstNumber), bitsOf(secondNumber));
            }
        }
        String first = shortAsciiString(a);
        String second = first == null ? null : shortAsciiString(b);
        if (second == null) {
            return super.compare(a, b);
        }
        int byLength = Integer.compare(first.length(), second.length());
        return byLength != 0 ? byLength : Integer.signum(first.compareTo(second));
    }

    /** The key's one value, if it is a {@link Double} or a {@link Long}, else null. */
    static Object singleNumber(Object key) {
        return key instanceof KeyValue value && value.size() == 1
                && (value.get(0) instanceof Double || value.get(0) instanceof Long) ? value.get(0) : null;
    }

    /** The eight bytes Java serialization writes for a {@link Double} or a {@link Long}. */
    private static long bitsOf(Object number) {
        return number instanceof Double real ? Double.doubleToLongBits(real) : (Long) number;
    }

    /** The key's one string, if it is ASCII without NUL (one byte per character, as serialised), else null. */
    static String shortAsciiString(Object key) {
        if (key instanceof KeyValue value && value.size() == 1 && value.get(0) instanceof String string
                && string.length() <= SHORT_STRING_BYTES) {
            for (int i = 0; i < string.length(); i++) {
                char c = string.charAt(i);
                if (c == 0 || c > 0x7F) {
                    return null;
                }
            }
            return string;
        }
        return null;
    }

    @Override
    public int getMemory(Object key) {
        if (key instanceof KeyValue value) {
            int size = 48;
            for (Object part : value) {
                size += 16 + (int) Math.min(Integer.MAX_VALUE / 4, StoredDocumentType.memoryOf(part));
            }
            return size;
        }
        return super.getMemory(key);
    }

    @Override
    public void write(WriteBuffer buffer, Object key) {
        if (key instanceof KeyValue value) {
            if (value.size() == 1 && value.get(0) instanceof String string) {
                buffer.put((byte) STRING_KEY).putVarInt(string.length()).putStringData(string, string.length());
                return;
            }
            ByteBuf bson = bsonOf(value);
            if (bson != null) {
                try {
                    buffer.put((byte) BSON_KEY).putVarInt(bson.readableBytes()).put(bson.nioBuffer());
                    return;
                } finally {
                    bson.release();
                }
            }
        }
        super.write(buffer, key);
    }

    /**
     * The key's values as a BSON document, or null when it is not a key of distinct scalars. H2 orders the other keys
     * by their Java-serialised bytes, which depend on which of their values are one object: two equal strings of a key
     * are written once and referenced after, if they are the same instance. A key read back from BSON has no value
     * shared; so those keys keep Java serialization, which restores the sharing as it was.
     */
    private static ByteBuf bsonOf(KeyValue value) {
        List<Object> values = new ArrayList<>(value.size());
        java.util.Set<Object> distinct = new java.util.HashSet<>();
        for (Object part : value) {
            if (!(part == null || part instanceof String || part instanceof Integer || part instanceof Long
                    || part instanceof Double || part instanceof Boolean || part instanceof java.util.Date
                    || part instanceof de.bwaldvogel.mongo.bson.ObjectId) || !distinct.add(part == null ? NULL : part)
                    || (part instanceof String string && string.chars().anyMatch(c -> Character.isSurrogate((char) c)))) {
                return null; // (BSON's UTF-8 cannot hold a lone surrogate, which H2 keeps)
            }
            values.add(part);
        }
        ByteBuf bson = Unpooled.buffer(64);
        try {
            BsonEncoder.encodeDocument(new Document(VALUES, values), bson);
            return bson;
        } catch (RuntimeException notBson) { // a value of the server's own (Missing), or of a type BSON has not
            bson.release();
            return null;
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        int tag = buffer.get(buffer.position()) & 0xFF;
        if (tag == STRING_KEY) {
            buffer.get();
            return new KeyValue(DataUtils.readString(buffer, DataUtils.readVarInt(buffer)));
        }
        if (tag == BSON_KEY) {
            buffer.get();
            int length = DataUtils.readVarInt(buffer);
            ByteBuffer bson = buffer.slice();
            bson.limit(length);
            buffer.position(buffer.position() + length);
            Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
            return new KeyValue((List<?>) document.get(VALUES));
        }
        return super.read(buffer);
    }
}
