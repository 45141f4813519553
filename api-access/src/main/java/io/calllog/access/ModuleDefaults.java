package io.calllog.access;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A module's default properties, given to every application that contains the module, below everything the
 * application or its operator sets ({@code application.properties}, the environment, the command line). This is
 * how each setting has one home: a module states its own defaults once, and the all-in-one app, call-command and
 * call-query override only what differs. Loaded while the environment is prepared (registered in
 * {@code META-INF/spring.factories}), so that {@code logging.level.*} defaults apply too, which a
 * {@code @PropertySource} would be read too late for.
 */
public abstract class ModuleDefaults implements EnvironmentPostProcessor, Ordered {

    private final String resource;

    protected ModuleDefaults(String resource) {
        this.resource = resource;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new PropertiesPropertySource("module defaults: " + resource,
                    PropertiesLoaderUtils.loadProperties(new ClassPathResource(resource))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** After the application's own configuration is loaded, so that these stay below it. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
