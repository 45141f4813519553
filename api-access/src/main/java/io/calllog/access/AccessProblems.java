package io.calllog.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;
import java.net.URI;

/**
 * 401 and 403 as RFC 9457 problems, like every other refusal of the service. A 401 carries
 * {@code WWW-Authenticate: Bearer} (RFC 6750); a 403 names the role the endpoint needs. Neither repeats the key.
 * Also the 400 for a request that Spring Security's firewall refuses before anything else sees it (an encoded line
 * feed or a path traversal in the URL), which would otherwise get Spring Boot's own error body.
 */
final class AccessProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final URI UNAUTHENTICATED = URI.create("urn:call-log:problem:unauthenticated");
    static final URI FORBIDDEN = URI.create("urn:call-log:problem:forbidden");
    static final URI REJECTED = URI.create("urn:call-log:problem:rejected-request");

    private final ObjectMapper json;

    AccessProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
            throws IOException {
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        ProblemDetail problem = ProblemDetails.of(HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Unauthenticated",
                presented ? refusal.getMessage()
                        : "this endpoint needs an API key: send it as 'Authorization: Bearer <key>'");
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(response, problem);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException refusal)
            throws IOException {
        Role needed = EndpointAccess.requiredRole(request);
        ProblemDetail problem = ProblemDetails.of(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", needed == null
                ? "this API key may not call this endpoint"
                : "this endpoint needs an API key with the role '" + needed.key() + "'");
        if (needed != null) {
            problem.setProperty("requiredRole", needed.key());
        }
        write(response, problem);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException refusal)
            throws IOException {
        ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, REJECTED, "Rejected request",
                "the request's URL or headers hold characters or sequences that are never accepted "
                        + "(encoded control characters, '..', '//', ';')");
        write(response, problem);
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
