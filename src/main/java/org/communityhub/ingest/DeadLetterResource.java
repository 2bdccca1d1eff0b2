package org.communityhub.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.communityhub.api.Filters;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.QueryValues;
import org.communityhub.security.Scope;

/** The messages the hub refused, newest first, for operators to see what devices send wrong. */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"ADMIN", "OPERATOR"})
public class DeadLetterResource {

    /** One refused message as the API shows it. */
    public record DeadLetterView(long id, Instant receivedAt, String topic, String deviceId, Reason reason,
            String detail, String payload) {
    }

    private static final String WHERE = """
             WHERE (?::text IS NULL OR reason = ?::text)
               AND (?::text IS NULL OR device_id = ?::text)
               AND (?::timestamptz IS NULL OR received_at >= ?::timestamptz)
               AND (?::timestamptz IS NULL OR received_at < ?::timestamptz)
               AND (?::text[] IS NULL OR device_id IN (SELECT id FROM devices WHERE area_code LIKE ANY (?::text[])))
            """;
    private static final String LIST = "SELECT id, received_at, topic, device_id, reason, detail, payload FROM dead_letters"
            + WHERE + " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?";
    private static final String COUNT = "SELECT count(*) FROM dead_letters" + WHERE;

    private final AgroalDataSource dataSource;
    private final SecurityIdentity identity;

    DeadLetterResource(AgroalDataSource dataSource, SecurityIdentity identity) {
        this.dataSource = dataSource;
        this.identity = identity;
    }

    /**
     * Filters: {@code reason}, {@code deviceId}, {@code from <= receivedAt < to}. An operator bound to
     * areas sees the refused messages of the devices registered there; those of unknown devices only
     * an ADMIN sees.
     */
    @GET
    public Listing<DeadLetterView> list(@QueryParam("reason") String reason, @QueryParam("deviceId") String deviceId,
            @QueryParam("from") String from, @QueryParam("to") String to, @Valid @BeanParam Paging paging)
            throws SQLException {
        Reason wanted = QueryValues.enumValue("reason", reason, Reason.class);
        Object[] filters = {wanted == null ? null : wanted.name(), deviceId,
            QueryValues.instant("from", from), QueryValues.instant("to", to), Scope.of(identity).prefixes()};
        try (Connection connection = dataSource.getConnection()) {
            return Filters.page(connection, LIST, COUNT, filters, paging, row -> new DeadLetterView(row.getLong("id"),
                    row.getTimestamp("received_at").toInstant(), row.getString("topic"), row.getString("device_id"),
                    Reason.valueOf(row.getString("reason")), row.getString("detail"), row.getString("payload")));
        }
    }
}
