package io.calllog.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.util.concurrent.CountDownLatch;

/**
 * A MongoDB-protocol server in a process of its own, for tests that run the scale-out shape as processes where no
 * {@code mongod} is installed: mongo-java-server with its memory backend, standing in for MongoDB. It is not a
 * replica set, has no transactions and scans where MongoDB would use an index (see the design brief); it is here for
 * what the scale-out test checks (several instances sharing one read model and one token store), not for speed.
 * <p>
 * {@code java -cp <test classpath> io.calllog.testsupport.MongoStandIn <port>}: listens on 127.0.0.1 until killed.
 */
public final class MongoStandIn {

    private MongoStandIn() {
    }

    public static void main(String[] args) throws InterruptedException {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("mongo-java-server standing in for MongoDB on 127.0.0.1:" + args[0]);
        new CountDownLatch(1).await();
    }
}
