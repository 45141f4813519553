package io.calllog.query.dashboard;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * What every dashboard page gets: who is signed in and what that key may open (for the navigation), and a page that
 * says what went wrong instead of the APIs' problem JSON. Before the read side's problem handler, for these
 * controllers only.
 */
@ControllerAdvice(basePackageClasses = DashboardPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DashboardPages {

    @ModelAttribute
    void signedIn(Authentication signedIn, Model model) {
        model.addAttribute("signedInAs", signedIn == null ? null : signedIn.getName());
        model.addAttribute("canRead", DashboardRoles.canRead(signedIn));
        model.addAttribute("isAdmin", DashboardRoles.isAdmin(signedIn));
        model.addAttribute("show", Shown.INSTANCE);
    }

    /** An unknown call or campaign, a replay already running, a path that is not an id: said on a page. */
    @ExceptionHandler({ErrorResponseException.class, HandlerMethodValidationException.class})
    String failed(Exception e, HttpServletResponse response, Model model) {
        return failed((ErrorResponse) e, response, model);
    }

    private static String failed(ErrorResponse e, HttpServletResponse response, Model model) {
        response.setStatus(e.getStatusCode().value());
        model.addAttribute("title", e.getBody().getTitle());
        model.addAttribute("detail", e.getBody().getDetail());
        return "dashboard/failed";
    }
}
