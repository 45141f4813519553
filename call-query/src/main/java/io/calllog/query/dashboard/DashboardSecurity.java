package io.calllog.query.dashboard;

import io.calllog.access.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.http.HttpMethod;

import java.util.Arrays;

/**
 * The dashboard's access: a browser signs in once with an API key ({@link SignInController}) and is then known by its
 * session cookie (HttpOnly, SameSite=Lax, never in the URL: query-defaults.properties). Unlike the APIs' bearer keys, a
 * cookie is sent by the browser on its own, so every state change needs Spring Security's CSRF token (forms carry it
 * as a field, htmx requests as a header: dashboard.js). A {@code read} key sees calls and campaigns, an {@code admin}
 * key the projections. This chain comes before the APIs' (api-access), and takes only the dashboard's paths.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

    /** Every path the dashboard serves; the rest is the APIs'. */
    static final String[] PATHS = {"/", "/sign-in", "/sign-out", "/calls", "/calls/**", "/campaigns", "/campaigns/**",
            "/projections", "/projections/**", "/parts/**", "/streams/**", "/downloads/**", "/assets/**",
            "/webjars/htmx.org/**", "/webjars/htmx-ext-sse/**"};

    @Bean
    SecurityContextRepository dashboardSessions() {
        return new HttpSessionSecurityContextRepository();
    }

    /** Where a browser that was sent to sign in goes afterwards: pages only, not the parts that htmx loads. */
    @Bean
    RequestCache dashboardRequestCache() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setMatchingRequestParameterName(null); // the page is reopened at the URL asked for, nothing added
        cache.setRequestMatcher(request -> HttpMethod.GET.matches(request.getMethod()) && !isHtmx(request)
                && !request.getRequestURI().startsWith(request.getContextPath() + "/streams/"));
        return cache;
    }

    @Bean
    @Order(1)
    SecurityFilterChain dashboardFilterChain(HttpSecurity http, SecurityContextRepository sessions,
                                          RequestCache requestCache,
                                          @Value("${server.servlet.session.cookie.name:JSESSIONID}") String cookie)
            throws Exception {
        RequestMatcher[] paths = Arrays.stream(PATHS)
                .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path))
                .toArray(RequestMatcher[]::new);
        http.securityMatcher(new OrRequestMatcher(paths))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .securityContext(context -> context.securityContextRepository(sessions))
                .requestCache(cache -> cache.requestCache(requestCache))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out")
                        .deleteCookies(cookie).invalidateHttpSession(true).clearAuthentication(true))
                .exceptionHandling(refusals -> refusals.authenticationEntryPoint(signInFirst())
                        .accessDeniedHandler(notForThisKey()))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/sign-in", "/assets/**", "/webjars/**").permitAll()
                        .requestMatchers("/", "/sign-out").authenticated()
                        .requestMatchers("/projections", "/projections/**", "/parts/projections/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest().hasRole(Role.READ.name()));
        return http.build();
    }

    /**
     * A page asked for without a session goes to the sign-in page (and back afterwards); a part or a stream that htmx
     * asked for gets a 401 with {@code HX-Redirect}, so that htmx sends the whole page there instead of swapping the
     * sign-in page into a table cell.
     */
    private static AuthenticationEntryPoint signInFirst() {
        LoginUrlAuthenticationEntryPoint page = new LoginUrlAuthenticationEntryPoint("/sign-in");
        return (request, response, refusal) -> {
            if (isHtmx(request) || request.getRequestURI().startsWith(request.getContextPath() + "/streams/")) {
                response.setHeader("HX-Redirect", request.getContextPath() + "/sign-in");
                response.sendError(HttpStatus.UNAUTHORIZED.value());
            } else {
                page.commence(request, response, refusal);
            }
        };
    }

    /**
     * A page this session's key may not open: back to the sign-in page, which says so and takes another key (a
     * redirect, so that a refused form post is never replayed there).
     */
    private static AccessDeniedHandler notForThisKey() {
        return (request, response, refusal) -> {
            boolean signingIn = request.getRequestURI().equals(request.getContextPath() + "/sign-in");
            if (refusal instanceof CsrfException && signingIn) {
                response.sendRedirect(request.getContextPath() + "/sign-in?expired"); // a form older than its session
            } else if (refusal instanceof CsrfException) {
                // not this key's doing: a form from another page, or one older than the session
                response.sendError(HttpStatus.FORBIDDEN.value(), "The form was not this session's: reload the page.");
            } else if (isHtmx(request)) {
                response.sendError(HttpStatus.FORBIDDEN.value());
            } else {
                response.sendRedirect(request.getContextPath() + "/sign-in?forbidden");
            }
        };
    }

    static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }
}
