package io.calllog.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Reads and discards what a request's body still holds once its answer is made (a refusal that did not need the
 * body: a 401, a 415, a problem in the path), up to {@value #MAX_BYTES} bytes, so that the connection stays usable
 * for the client's next request. Jetty closes a connection whose request body was left unread once the response has
 * been sent, without saying so in the response, and a client that sends its next request on it gets no answer;
 * Tomcat did the same reading itself. A body larger than that is not read: the connection closes.
 */
class UnreadBodyDrain extends OncePerRequestFilter implements Ordered {

    static final int MAX_BYTES = 2 * 1024 * 1024;

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getContentLengthLong() == 0;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (!request.isAsyncStarted()) {
                drain(request);
            }
        }
    }

    private static void drain(HttpServletRequest request) {
        try {
            ServletInputStream body = request.getInputStream();
            byte[] discard = new byte[8_192];
            long left = MAX_BYTES;
            for (int read; left > 0 && (read = body.read(discard, 0, (int) Math.min(discard.length, left))) >= 0; ) {
                left -= read;
            }
        } catch (IllegalStateException | IOException readOtherwiseOrGone) {
            // read through getReader(), or the client is gone: nothing to keep
        }
    }
}
