package org.communityhub.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "hub")
public interface SecurityConfig {

    /**
     * Password of the bootstrap user {@code admin} ({@code HUB_ADMIN_PASSWORD}). Unset: embedded mode
     * generates one and prints it once; with an external database the hub refuses to start.
     */
    @WithName("admin-password")
    Optional<String> adminPassword();

    /** bcrypt cost factor for stored password hashes (2^cost rounds). */
    @WithName("security.bcrypt-cost")
    @WithDefault("10")
    int bcryptCost();

    /**
     * How long a verified username and password are remembered, so that HTTP Basic does not check a
     * bcrypt hash on every request (about 90 ms at cost 10); 0 checks every time. A changed password
     * takes effect at once (see {@link VerifiedCredentials}).
     */
    @WithName("security.credential-cache")
    @WithDefault("5m")
    Duration credentialCache();

    /** Wrong passwords for one user within {@link #lockout()} after which the user is locked out for that long. */
    @WithName("security.lockout-attempts")
    @WithDefault("5")
    int lockoutAttempts();

    /** How long a user stays locked out, and the window in which failed sign-ins are counted. */
    @WithName("security.lockout")
    @WithDefault("15m")
    Duration lockout();

    /**
     * Failed sign-ins from one source address within {@link #lockout()} after which that address gets
     * no more password checks for that long (remembered credentials still pass), so that a stream of
     * wrong passwords cannot spend the CPU that ingestion needs.
     */
    @WithName("security.address-attempts")
    @WithDefault("50")
    int addressAttempts();

    /** How long a console session lasts at most from sign-in (a duty shift and some). */
    @WithName("security.session-lifetime")
    @WithDefault("12h")
    Duration sessionLifetime();

    /** A console session unused for this long ends (an open live stream is not cut; reconnecting needs a live session). */
    @WithName("security.session-idle")
    @WithDefault("2h")
    Duration sessionIdle();

    /**
     * PBKDF2-SHA512 iterations of stored device passwords. The passwords are 192 random bits, which no
     * number of guesses reaches; the iterations guard a leaked table a little more, and the broker pays
     * them at every CONNECT (0.5 ms at 1,000 on this project's machine, so 75 s of CPU when 150,000
     * devices reconnect at once).
     */
    @WithName("security.device-password-iterations")
    @WithDefault("1000")
    int devicePasswordIterations();

    /**
     * Mosquitto password file the hub writes ({@code HUB_SECURITY_MOSQUITTO_PASSWORD_FILE}): the hub's
     * own account and every device with a live credential, rewritten on each change. Unset: none written.
     */
    @WithName("security.mosquitto-password-file")
    Optional<Path> mosquittoPasswordFile();

    /**
     * Mosquitto ACL file the hub writes ({@code HUB_SECURITY_MOSQUITTO_ACL_FILE}): devices publish only
     * on their own topics and read only their own commands; the hub's account reads and writes
     * {@code hub/#}. Unset: none written.
     */
    @WithName("security.mosquitto-acl-file")
    Optional<Path> mosquittoAclFile();

    /**
     * Command run (by {@code sh -c}) after the files were rewritten, so that Mosquitto reloads them
     * ({@code HUB_SECURITY_MOSQUITTO_RELOAD_COMMAND}), e.g. {@code systemctl reload mosquitto} or
     * {@code kill -HUP $(cat /run/mosquitto/mosquitto.pid)}. Unset: nothing is run.
     */
    @WithName("security.mosquitto-reload-command")
    Optional<String> mosquittoReloadCommand();

    /**
     * Shared secret of the broker hooks ({@code HUB_SECURITY_BROKER_HOOK_SECRET}): a clustered broker
     * (EMQX) asks {@code /api/v1/broker/authenticate} and {@code …/authorize} with it in
     * {@code X-Hub-Broker-Secret}. Unset: the hooks do not exist.
     */
    @WithName("security.broker-hook-secret")
    Optional<String> brokerHookSecret();
}
