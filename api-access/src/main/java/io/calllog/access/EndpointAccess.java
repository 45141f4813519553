package io.calllog.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.List;
import java.util.Optional;

/**
 * Which role each endpoint needs, in one table that both the security filter chain and the 403 problem read. The
 * first matching rule decides; a request that no rule matches needs a valid key of any role (it then gets its 404).
 */
final class EndpointAccess {

    /**
     * {@code role == null}: any valid key. {@code open}: no key at all (the orchestrator's probes). {@code method}
     * {@code null} matches every method.
     */
    record Rule(HttpMethod method, String pattern, RequestMatcher matcher, Role role, boolean open) {

        /** Whether this rule decides an operation of the API description, given as a method and a path template. */
        boolean decides(HttpMethod operationMethod, String pathTemplate) {
            if (method != null && !method.equals(operationMethod)) {
                return false;
            }
            // a template's variables ({uuid}) stand for one path segment, as '*' does in the rule's pattern
            String samplePath = pathTemplate.replaceAll("\\{[^/}]+}", "x");
            return PathPatternParser.defaultInstance.parse(pattern).matches(PathContainer.parsePath(samplePath));
        }
    }

    static final List<Rule> RULES = List.of(
            open(HttpMethod.GET, "/actuator/health/liveness"),
            open(HttpMethod.GET, "/actuator/health/readiness"),
            role(Role.INGEST, HttpMethod.POST, "/api/events"),
            role(Role.INGEST, HttpMethod.POST, "/api/calls/*/events"),
            role(Role.PRIVACY, HttpMethod.POST, "/api/calls/*/erasure"),
            role(Role.PRIVACY, HttpMethod.POST, "/api/records/*/erasure"),
            role(Role.READ, HttpMethod.GET, "/api/calls"),
            role(Role.READ, HttpMethod.GET, "/api/calls/*/events"),
            role(Role.READ, HttpMethod.GET, "/api/calls/*/stream"),
            role(Role.READ, HttpMethod.GET, "/api/changes"),
            role(Role.READ, HttpMethod.GET, "/api/changes/stream"),
            role(Role.READ, HttpMethod.GET, "/api/calls/*"),
            role(Role.READ, HttpMethod.GET, "/api/reports/**"),
            role(Role.ADMIN, null, "/api/admin/**"),
            role(Role.ADMIN, null, "/actuator/**"));

    private EndpointAccess() {
    }

    /** The rule that decides an operation of the API description (method and path template), if any. */
    static Optional<Rule> ruleFor(HttpMethod method, String pathTemplate) {
        return RULES.stream().filter(rule -> rule.decides(method, pathTemplate)).findFirst();
    }

    /** The role this request needs, or {@code null} when any valid key will do. */
    static Role requiredRole(HttpServletRequest request) {
        return RULES.stream().filter(rule -> rule.matcher().matches(request)).findFirst().map(Rule::role).orElse(null);
    }

    private static Rule open(HttpMethod method, String pattern) {
        return new Rule(method, pattern, PathPatternRequestMatcher.withDefaults().matcher(method, pattern), null, true);
    }

    private static Rule role(Role role, HttpMethod method, String pattern) {
        return new Rule(method, pattern, PathPatternRequestMatcher.withDefaults().matcher(method, pattern), role, false);
    }
}
