package io.calllog.testsupport;

import org.testcontainers.DockerClientFactory;

/**
 * Decides once per JVM whether the real servers come from Testcontainers or from embedded servers.
 * <p>
 * {@code -Dcalllog.test.servers=testcontainers|embedded} forces a choice; by default Testcontainers is used when a
 * Docker engine answers, and embedded servers otherwise (CI has no Docker engine).
 */
final class DockerDetection {

    private static final String FORCE_PROPERTY = "calllog.test.servers";
    private static volatile Boolean useTestcontainers;

    private DockerDetection() {
    }

    static boolean useTestcontainers() {
        Boolean decided = useTestcontainers;
        if (decided == null) {
            synchronized (DockerDetection.class) {
                if (useTestcontainers == null) {
                    String forced = System.getProperty(FORCE_PROPERTY, "");
                    useTestcontainers = switch (forced) {
                        case "testcontainers" -> true;
                        case "embedded" -> false;
                        default -> DockerClientFactory.instance().isDockerAvailable();
                    };
                }
                decided = useTestcontainers;
            }
        }
        return decided;
    }
}
