package io.calllog.query.dashboard;

import org.springframework.security.core.Authentication;

/** What a signed-in key may see: the roles of api-access ({@code ROLE_READ}, {@code ROLE_ADMIN}). */
final class DashboardRoles {

    private DashboardRoles() {
    }

    static boolean canRead(Authentication signedIn) {
        return has(signedIn, "ROLE_READ");
    }

    static boolean isAdmin(Authentication signedIn) {
        return has(signedIn, "ROLE_ADMIN");
    }

    private static boolean has(Authentication signedIn, String authority) {
        return signedIn != null && signedIn.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }
}
