package io.calllog.query.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URI;

/**
 * Signing in: the API key is posted once (with the form's CSRF token), checked by the same key store as the APIs'
 * bearer keys, and the session then stands for it. The session gets a new id at sign-in, so that an id planted before
 * it is worth nothing. Signing out is Spring Security's logout ({@code POST /sign-out}, {@link DashboardSecurity}).
 */
@Controller
@Hidden // a page for browsers, not an API operation: docs/dashboard.md
class SignInController {

    private final AuthenticationManager keys;
    private final SecurityContextRepository sessions;
    private final RequestCache requestCache;

    SignInController(AuthenticationManager keys, SecurityContextRepository sessions, RequestCache requestCache) {
        this.keys = keys;
        this.sessions = sessions;
        this.requestCache = requestCache;
    }

    @GetMapping("/")
    String home(Authentication signedIn) {
        return DashboardRoles.canRead(signedIn) ? "redirect:/calls" : "redirect:/projections";
    }

    @GetMapping("/sign-in")
    String signInPage(@RequestParam(name = "signed-out", required = false) String signedOut,
                      @RequestParam(required = false) String forbidden, @RequestParam(required = false) String expired,
                      Model model) {
        if (expired != null) {
            model.addAttribute("problem", "That sign-in form had expired. Sign in again.");
        }
        if (signedOut != null) {
            model.addAttribute("notice", "Signed out.");
        }
        if (forbidden != null) {
            model.addAttribute("problem", "The key you signed in with cannot open that page. Sign in with a key "
                    + "that has the role it needs (read for calls and campaigns, admin for projections).");
        }
        return "dashboard/sign-in";
    }

    @PostMapping("/sign-in")
    String signIn(@RequestParam(defaultValue = "") String key, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        Authentication signedIn;
        try {
            signedIn = keys.authenticate(new PreAuthenticatedAuthenticationToken("dashboard", key.strip()));
        } catch (AuthenticationException e) {
            return refused("That is not a key of this service.", response, model);
        }
        if (!DashboardRoles.canRead(signedIn) && !DashboardRoles.isAdmin(signedIn)) {
            return refused("That key has neither the read nor the admin role, which the dashboard needs.", response,
                    model);
        }
        request.changeSessionId(); // the page's session holds the CSRF token: it goes on, under a new id
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(signedIn);
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);
        SavedRequest wanted = requestCache.getRequest(request, response);
        requestCache.removeRequest(request, response);
        return "redirect:" + (wanted == null ? "/" : localPart(wanted.getRedirectUrl()));
    }

    private static String refused(String why, HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        model.addAttribute("problem", why);
        return "dashboard/sign-in";
    }

    /** The path and query of a saved page's URL: never another host's. */
    private static String localPart(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
