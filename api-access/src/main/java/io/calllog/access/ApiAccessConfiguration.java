package io.calllog.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import jakarta.servlet.DispatcherType;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every endpoint needs an API key ({@code Authorization: Bearer <key>}) with the role {@link EndpointAccess} names,
 * except the liveness and readiness probes. Stateless: no session, no cookie, no CSRF token (nothing is authenticated
 * by a cookie, so there is nothing to forge). Applications import this class explicitly.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
public class ApiAccessConfiguration {

    @Bean
    ApiKeys apiKeys(AccessProperties properties) {
        List<ApiKey> keys = new ArrayList<>();
        properties.keys().forEach((name, key) -> keys.add(KeysFile.key(name, key.sha256(),
                key.roles() == null ? null : String.join(",", key.roles()), "calllog.access.keys")));
        if (properties.keysFile() != null) {
            if (Files.exists(properties.keysFile())) {
                List<ApiKey> fromFile = KeysFile.read(properties.keysFile());
                if (properties.createKeys()) {
                    // a file written before a role existed (privacy): a key for it, printed once like the others
                    Map<Role, String> added = KeysFile.addMissingRoles(properties.keysFile(), fromFile);
                    if (!added.isEmpty()) {
                        announce(added, properties);
                        fromFile = KeysFile.read(properties.keysFile());
                    }
                }
                keys.addAll(fromFile);
            } else if (properties.createKeys() && keys.isEmpty()) {
                announce(KeysFile.create(properties.keysFile()), properties);
                keys.addAll(KeysFile.read(properties.keysFile()));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no API keys are configured, so nobody could call this service: set "
                    + "calllog.access.keys.<name>.sha256 and calllog.access.keys.<name>.roles (see docs/security.md)");
        }
        return new ApiKeys(keys);
    }

    /** Also keeps Spring Boot from creating its default user with a generated password. */
    @Bean
    ApiKeyAuthentication apiKeyAuthentication(ApiKeys keys) {
        return new ApiKeyAuthentication(keys);
    }

    /** Spring MVC's own refusals as problems, after each side's handler (see the class). */
    @Bean
    WebProblems webProblems() {
        return new WebProblems();
    }

    /** A body left unread by a refusal is read, so that the client's connection stays usable (see the class). */
    @Bean
    UnreadBodyDrain unreadBodyDrain() {
        return new UnreadBodyDrain();
    }

    /** The servlet container's own refusals as problems too (see the class). */
    @Bean
    ContainerProblems containerProblems(ObjectMapper json) {
        return new ContainerProblems(json);
    }

    @Bean
    AccessProblems accessProblems(ObjectMapper json) {
        return new AccessProblems(json); // also Spring Security's RequestRejectedHandler, found as a bean
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyAuthentication authentication, AccessProblems problems)
            throws Exception {
        AuthenticationFilter bearer = new AuthenticationFilter(authentication, authentication);
        bearer.setSuccessHandler((request, response, result) -> {
            // carry on with the request (the default handler would redirect, as after a login form)
        });
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(bearer, BasicAuthenticationFilter.class)
                .exceptionHandling(refusals -> refusals.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> {
                    // Spring's own error page renders a refusal already decided: let it through
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    for (EndpointAccess.Rule rule : EndpointAccess.RULES) {
                        var matched = requests.requestMatchers(rule.matcher());
                        if (rule.open()) {
                            matched.permitAll();
                        } else if (rule.role() == null) {
                            matched.authenticated();
                        } else {
                            matched.hasRole(rule.role().name());
                        }
                    }
                    requests.anyRequest().authenticated();
                });
        return http.build();
    }

    /** Prints the created keys, once: they are kept nowhere but in the hashes of the keys file. */
    private static void announce(Map<Role, String> created, AccessProperties properties) {
        StringBuilder text = new StringBuilder("\n=== API keys created. They are shown this once: only their SHA-256"
                + " hashes are kept, in " + properties.keysFile().toAbsolutePath() + "\n");
        created.forEach((role, key) -> text.append(String.format("    %-7s %s%n", role.key(), key)));
        text.append("    Send one as 'Authorization: Bearer <key>'. Lost them? Stop, delete that file, start again.\n");
        System.out.println(text);
    }
}
