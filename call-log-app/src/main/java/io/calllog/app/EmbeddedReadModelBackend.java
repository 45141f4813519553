package io.calllog.app;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * mongo-java-server's H2 backend with its unique indexes ordered by {@link IndexKeyOrder} (the same file format and
 * the same order, compared without serialising every key), and its documents stored as BSON
 * ({@link StoredDocumentType}, which still reads what the backend wrote before it).
 * <p>
 * The backend opens its maps by name only; H2 hands back a map that is already open, so this opens each first, under
 * the same name, with the key order or the value type. It names the maps as mongo-java-server 1.47 does
 * ({@code EmbeddedReadModelBackendTest} fails if a release names them otherwise).
 */
final class EmbeddedReadModelBackend extends H2Backend {

    /** How mongo-java-server 1.47 names an index's map: the collection's namespace, then this, then the index. */
    static final String INDEX_MAP_INFIX = "._index_";

    /** How mongo-java-server 1.47 names a collection's map of documents: this, then the collection's namespace. */
    static final String DATA_MAP_PREFIX = "databases.";

    private static final IndexKeyOrder KEY_ORDER = new IndexKeyOrder();
    private static final StoredDocumentType STORED_DOCUMENTS = new StoredDocumentType();

    EmbeddedReadModelBackend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    private final class Database extends H2Database {

        Database(String name) {
            super(name, getMvStore(), getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            getMvStore().openMap(getFullCollectionNamespace(collectionName) + INDEX_MAP_INFIX + indexName,
                    new MVMap.Builder<KeyValue, Object>().keyType(KEY_ORDER));
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            getMvStore().openMap(DATA_MAP_PREFIX + getFullCollectionNamespace(collectionName),
                    new MVMap.Builder<Object, Object>().valueType(STORED_DOCUMENTS));
            return super.openOrCreateCollection(collectionName, options);
        }
    }
}
