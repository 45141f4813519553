package io.calllog.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

import java.util.regex.Pattern;

/**
 * Reads {@code Authorization: Bearer <key>} ({@link AuthenticationConverter}) and checks the key against
 * {@link ApiKeys} ({@link AuthenticationManager}). An authenticated request's principal is the key's name; its
 * authorities are its roles.
 */
final class ApiKeyAuthentication implements AuthenticationConverter, AuthenticationManager {

    /** RFC 6750's b64token, bounded: a created key is 47 characters. */
    private static final Pattern BEARER = Pattern.compile("Bearer ([A-Za-z0-9._~+/-]{1,256}=*)");

    private final ApiKeys keys;

    ApiKeyAuthentication(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null; // anonymous: allowed on the open endpoints, a 401 elsewhere
        }
        var matcher = BEARER.matcher(header.strip());
        if (!matcher.matches()) {
            throw new BadCredentialsException("the Authorization header must be 'Bearer <key>'");
        }
        return new PreAuthenticatedAuthenticationToken("bearer", matcher.group(1));
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        ApiKey key = keys.verify((String) presented.getCredentials())
                .orElseThrow(() -> new BadCredentialsException("unknown API key"));
        return new PreAuthenticatedAuthenticationToken(key.name(), null,
                key.roles().stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList());
    }
}
