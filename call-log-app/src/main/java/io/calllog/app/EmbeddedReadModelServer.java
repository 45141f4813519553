package io.calllog.app;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import io.calllog.eventstore.personal.PersonalDataOverwritten;
import org.h2.mvstore.MVStoreTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded read model's server, which compacts its file fully at a clean stop after personal data was overwritten
 * in it. An H2 file keeps the pages a change replaced until their space is reused, so the text of an erased call would
 * stay in {@code readmodel.mv.db} long after the call reads erased; when the calls projection rewrites an erased call
 * ({@link PersonalDataOverwritten}) a request is noted beside the file ({@value #FLAG_SUFFIX}, which outlives a crash),
 * and the next clean stop, once the store is closed, copies the live pages to a new file that replaces it
 * ({@link MVStoreTool#compact(String, boolean)}). Erasures are rare: the stops that follow none do not pay for it.
 */
final class EmbeddedReadModelServer extends MongoServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedReadModelServer.class);
    static final String FLAG_SUFFIX = ".compact-on-stop";

    private final Path file;

    EmbeddedReadModelServer(MongoBackend backend, Path file) {
        super(backend);
        this.file = file;
    }

    @EventListener
    void on(PersonalDataOverwritten overwritten) throws IOException {
        Path flag = flag();
        if (PersonalDataOverwritten.READ_MODEL.equals(overwritten.store()) && !Files.exists(flag)) {
            Files.writeString(flag, "personal data was overwritten: compact fully at the next clean stop\n");
        }
    }

    /** Stops the server and closes its store; then the full compaction, when one was asked for. */
    @Override
    public void shutdown() {
        super.shutdown();
        Path flag = flag();
        if (!Files.exists(flag)) {
            return;
        }
        try {
            log.info("Compacting the embedded read model fully (personal data was overwritten)");
            MVStoreTool.compact(file.toString(), false);
            Files.deleteIfExists(flag);
        } catch (Exception e) {
            log.warn("The full compaction of the embedded read model failed; it is tried again at the next stop", e);
        }
    }

    private Path flag() {
        return Path.of(file + FLAG_SUFFIX);
    }
}
