package io.calllog.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded read model's page cache follows the heap: an eighth of it, from H2's default 16 MB to 64 MB. */
class EmbeddedReadModelCacheTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void anEighthOfTheHeapFrom16To64Mb() {
        assertThat(EmbeddedMongoConfiguration.cacheMbFor(64 * MIB)).isEqualTo(16);
        assertThat(EmbeddedMongoConfiguration.cacheMbFor(256 * MIB)).isEqualTo(32);
        assertThat(EmbeddedMongoConfiguration.cacheMbFor(512 * MIB)).isEqualTo(64);
        assertThat(EmbeddedMongoConfiguration.cacheMbFor(6 * 1024 * MIB)).isEqualTo(64);
    }
}
