package io.calllog.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * What the servlet container refuses before Spring sees it (a path with an encoded NUL, slash or dot segment, which
 * the Servlet specification has containers reject as suspicious; a malformed request line or header) is answered as
 * an RFC 9457 problem like every other refusal, instead of Jetty's HTML page. Jetty closes the connection after such
 * a refusal; the answer says so ({@code Connection: close}), so that a client does not send its next request on a
 * connection that is going away. Installed as the server's error handler: Jetty's public extension point for the
 * responses it makes itself.
 */
class ContainerProblems implements WebServerFactoryCustomizer<JettyServletWebServerFactory> {

    static final URI BAD_REQUEST = URI.create("urn:call-log:problem:bad-request");

    private final ObjectMapper json;

    ContainerProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void customize(JettyServletWebServerFactory factory) {
        factory.addServerCustomizers(server -> server.setErrorHandler(new ProblemErrorHandler()));
    }

    private final class ProblemErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) throws java.io.IOException {
            ProblemDetail problem = ProblemDetails.of(HttpStatusCode.valueOf(code), BAD_REQUEST,
                    HttpStatus.getMessage(code), "the server refused the request before reading it"
                            + (message == null ? "" : ": " + message));
            String reason = message == null ? HttpStatus.getMessage(code) : message;
            problem.setProperty("errors", List.of(Map.of("field", reason.contains("URI") ? "(path)" : "(request)",
                    "reason", reason)));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(problem)), callback);
        }
    }
}
