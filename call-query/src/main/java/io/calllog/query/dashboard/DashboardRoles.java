package io.calllog.query.dashboard;

import io.calllog.access.Role;
import org.springframework.security.core.Authentication;

/** What a signed-in key may see: the roles of api-access, as the authorities its key carries. */
final class DashboardRoles {

    private DashboardRoles() {
    }

    static boolean canRead(Authentication signedIn) {
        return has(signedIn, Role.READ);
    }

    static boolean isAdmin(Authentication signedIn) {
        return has(signedIn, Role.ADMIN);
    }

    private static boolean has(Authentication signedIn, Role role) {
        return signedIn != null && signedIn.getAuthorities().stream()
                .anyMatch(granted -> role.authority().equals(granted.getAuthority()));
    }
}
