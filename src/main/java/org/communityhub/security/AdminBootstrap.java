package org.communityhub.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes sure the bootstrap user {@code admin} exists. {@code HUB_ADMIN_PASSWORD}, when set, is the
 * admin's password at every start. Unset, embedded mode generates one on first start and prints it
 * once; with an external database the hub refuses to start rather than run with a guessable admin.
 */
@ApplicationScoped
public class AdminBootstrap {

    static final String ADMIN = "admin";
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Users users;
    private final SecurityConfig config;

    AdminBootstrap(Users users, SecurityConfig config) {
        this.users = users;
        this.config = config;
    }

    public void ensureAdmin(boolean embeddedMode) {
        var configured = config.adminPassword().filter(password -> !password.isBlank());
        if (configured.isPresent()) {
            boolean current = users.find(ADMIN)
                    .filter(admin -> admin.roles().contains(Role.ADMIN))
                    .filter(admin -> BcryptUtil.matches(configured.get(), admin.passwordHash()))
                    .isPresent();
            if (!current) {
                users.save(ADMIN, configured.get(), EnumSet.of(Role.ADMIN), List.of());
            }
            LOG.info("user admin: password from HUB_ADMIN_PASSWORD");
        } else if (!embeddedMode) {
            throw new IllegalStateException(
                    "HUB_ADMIN_PASSWORD is not set: it is required when HUB_DB_URL points at an external database");
        } else if (users.exists(ADMIN)) {
            LOG.info("user admin: exists; its password was printed at the first start (set HUB_ADMIN_PASSWORD to reset it)");
        } else {
            String generated = generatePassword();
            users.save(ADMIN, generated, EnumSet.of(Role.ADMIN), List.of());
            LOG.infof("""

                    ==================================================================
                      Generated password for user 'admin': %s
                      It is shown only this once. Set HUB_ADMIN_PASSWORD to choose one.
                    ==================================================================""", generated);
        }
    }

    static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
