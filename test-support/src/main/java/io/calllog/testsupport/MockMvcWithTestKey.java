package io.calllog.testsupport;

import org.springframework.boot.test.autoconfigure.web.servlet.MockMvcBuilderCustomizer;
import org.springframework.test.web.servlet.setup.ConfigurableMockMvcBuilder;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * For tests that call the API through {@code MockMvc} ({@code @Import(MockMvcWithTestKey.class)}): every request
 * carries the test key with every role, as {@link ApiClient}'s do.
 */
public class MockMvcWithTestKey implements MockMvcBuilderCustomizer {

    @Override
    public void customize(ConfigurableMockMvcBuilder<?> builder) {
        builder.defaultRequest(get("/").header("Authorization", "Bearer " + TestApiKeys.ALL_ROLES));
    }
}
