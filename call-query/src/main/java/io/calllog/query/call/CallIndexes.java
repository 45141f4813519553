package io.calllog.query.call;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexDefinition;

import java.util.List;

/**
 * The indexes of the {@code calls} collection that list queries use, created by the projection runtime at start and
 * after a replay (creating an existing index is a no-op). Every list query filters on equality fields and a
 * {@code createdAt} range and sorts by {@code createdAt} descending then {@code _id}: each index is equality fields
 * followed by that sort, so a filter is served by the index whose equality fields it names (a {@code recordUuid}
 * filter, the most selective, by the {@code recordUuid} one), its count from the index alone, and the page's uuids
 * from the index alone (a covered query: the list reads only {@code _id} before it reads the page's calls).
 */
final class CallIndexes {

    /** Equality fields of each index, each followed by {@code createdAt: -1, _id: 1}. */
    static final List<List<String>> EQUALITY_PREFIXES = List.of(
            List.of(),
            List.of("campaignUuid"),
            List.of("campaignUuid", "status"),
            List.of("status"),
            List.of("recordUuid"),
            List.of("direction"),
            List.of("endReason"));

    private CallIndexes() {
    }

    static List<IndexDefinition> definitions() {
        return EQUALITY_PREFIXES.stream().<IndexDefinition>map(prefix -> {
            Index index = new Index().named(name(prefix));
            prefix.forEach(field -> index.on(field, Sort.Direction.ASC));
            return index.on("createdAt", Sort.Direction.DESC).on("_id", Sort.Direction.ASC);
        }).toList();
    }

    static String name(List<String> prefix) {
        return (prefix.isEmpty() ? "" : String.join("_", prefix) + "_") + "createdAt_id";
    }
}
