package org.communityhub.security.broker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import org.communityhub.api.ApiException;
import org.communityhub.security.SecurityConfig;

/**
 * HTTP authentication and authorization hooks for a clustered broker (EMQX's HTTP authenticator and
 * authorizer, or a HiveMQ extension calling out): the broker asks the hub whether a device may connect
 * and what it may do, answering {@code {"result": "allow" | "deny"}}. Open only to a caller that
 * presents {@code HUB_SECURITY_BROKER_HOOK_SECRET} in {@value #SECRET_HEADER}; without that setting
 * the hooks do not exist (404). The registry being unreadable is an error (503), never an
 * {@code allow}: the broker must then refuse (docs/security.md).
 */
@Path("/api/v1/broker")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class BrokerHookResource {

    static final String SECRET_HEADER = "X-Hub-Broker-Secret";

    /** What EMQX sends to authenticate (it may send more, e.g. {@code peerhost}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Connect(String username, String password, String clientid) {
    }

    /** What EMQX sends to authorize: {@code action} is {@code publish} or {@code subscribe}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Access(String username, String topic, String action) {
    }

    /** The answer: allow or deny; {@code is_superuser} is never granted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String result, @JsonProperty("is_superuser") Boolean isSuperuser) {
        static final Answer ALLOW = new Answer("allow", false);
        static final Answer DENY = new Answer("deny", null);
    }

    private final BrokerAccounts accounts;
    private final SecurityConfig config;

    BrokerHookResource(BrokerAccounts accounts, SecurityConfig config) {
        this.accounts = accounts;
        this.config = config;
    }

    @POST
    @Path("authenticate")
    public Answer authenticate(@HeaderParam(SECRET_HEADER) String secret, Connect connect) throws SQLException {
        admit(secret);
        if (connect == null) {
            return Answer.DENY;
        }
        return accounts.check(connect.username(), connect.password()) == BrokerAccounts.Account.NONE
                ? Answer.DENY : Answer.ALLOW;
    }

    @POST
    @Path("authorize")
    public Answer authorize(@HeaderParam(SECRET_HEADER) String secret, Access access) {
        admit(secret);
        if (access == null || access.username() == null || access.topic() == null
                || !("publish".equals(access.action()) || "subscribe".equals(access.action()))) {
            return Answer.DENY;
        }
        if (accounts.isHub(access.username())) {
            return access.topic().startsWith("hub/") ? Answer.ALLOW : Answer.DENY;
        }
        return DeviceTopics.allows(access.username(), "subscribe".equals(access.action()), access.topic())
                ? Answer.ALLOW : Answer.DENY;
    }

    private void admit(String secret) {
        String expected = config.brokerHookSecret().filter(value -> !value.isBlank())
                .orElseThrow(() -> ApiException.notFound("resource", "/api/v1/broker"));
        if (secret == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthorized("the broker hooks need the shared secret in " + SECRET_HEADER);
        }
    }
}
