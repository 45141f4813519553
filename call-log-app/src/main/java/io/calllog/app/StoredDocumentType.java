package io.calllog.app;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

/**
 * How the embedded read model stores a document in its H2 file: as BSON (mongo-java-server's own codec, the one that
 * decoded it from the wire, so every value it can hold comes back the same), where H2's default type Java-serialises
 * each document with its class descriptors. A profile of an export of 100,000 calls spent 40% of its samples in
 * {@code ObjectInputStream}, and 64% in the server's reads in all.
 * <p>
 * A value written so starts with {@value #BSON_TAG} (as an unsigned byte), a tag H2's {@link ObjectDataType} never
 * writes (its tags are below 128); any other value, among them every document of a file written before this type, is
 * read and written by {@link ObjectDataType} as before: a data directory needs no migration, and its documents are
 * rewritten as BSON when they next change.
 * <p>
 * Memory: H2's page cache counts what each value takes by this type's estimate. For a Java-serialised document H2
 * estimates from the serialised size, and the documents it kept took about twice that on the heap; this estimate
 * walks the document, counting what its Java objects take.
 */
final class StoredDocumentType extends BasicDataType<Object> {

    static final int BSON_TAG = 0xB5;

    private final ObjectDataType other = new ObjectDataType();

    @Override
    public int getMemory(Object value) {
        return value instanceof Document document ? (int) Math.min(Integer.MAX_VALUE, memoryOf(document))
                : other.getMemory(value);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (!(value instanceof Document document)) {
            other.write(buffer, value);
            return;
        }
        ByteBuf bson = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, bson);
            buffer.put((byte) BSON_TAG);
            buffer.putVarInt(bson.readableBytes());
            buffer.put(bson.nioBuffer());
        } finally {
            bson.release();
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if ((buffer.get(buffer.position()) & 0xFF) != BSON_TAG) {
            return other.read(buffer);
        }
        buffer.get();
        int length = DataUtils.readVarInt(buffer);
        ByteBuffer bson = buffer.slice();
        bson.limit(length);
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public int compare(Object a, Object b) {
        return other.compare(a, b);
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    /** About what a decoded document takes on the heap: its map's entries, keys and values. */
    static long memoryOf(Object value) {
        if (value instanceof Map<?, ?> map) {
            long size = 64;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 48 + memoryOf(entry.getKey()) + memoryOf(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> values) {
            long size = 40;
            for (Object element : values) {
                size += 8 + memoryOf(element);
            }
            return size;
        }
        if (value instanceof String text) {
            return 48 + text.length();
        }
        if (value instanceof byte[] bytes) {
            return 16 + bytes.length;
        }
        return 32;
    }
}
