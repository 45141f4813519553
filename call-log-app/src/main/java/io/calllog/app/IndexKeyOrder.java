package io.calllog.app;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The order of the keys in mongo-java-server's unique indexes on its H2 backend, without its cost.
 * <p>
 * The backend keeps each unique index in an H2 {@code MVMap} whose keys are {@link KeyValue}s, which H2 can only
 * compare by serialising both with Java serialization and comparing the bytes. Every lookup of a document by
 * {@code _id} does that about 16 times over, and a document written does 3 or 4 lookups: in a replay of the
 * {@code calls} projection that was half of the read model's time (docs/benchmarks.md).
 * <p>
 * For the keys this service writes, one ASCII string (ids), the serialised forms differ only in the string's length
 * (two bytes, big-endian) and then in its characters (one byte each), so ordering by length and then by characters
 * is exactly H2's order. Any other key (several fields, numbers, other characters) is compared as H2 compares it, so
 * an index written by the plain backend reads the same here, and the other way round
 * ({@code IndexKeyOrderTest} checks both).
 */
final class IndexKeyOrder extends ObjectDataType {

    /** Java serialization writes strings of up to this many bytes with a two-byte length. */
    private static final int SHORT_STRING_BYTES = 0xFFFF;

    @Override
    public int compare(Object a, Object b) {
        String first = shortAsciiString(a);
        String second = first == null ? null : shortAsciiString(b);
        if (second == null) {
            return super.compare(a, b);
        }
        int byLength = Integer.compare(first.length(), second.length());
        return byLength != 0 ? byLength : Integer.signum(first.compareTo(second));
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
}
