package org.communityhub.reports;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.QueryValues;
import org.communityhub.security.Scope;

/**
 * Home visits to an elderly resident, known by their elder-alert device: recorded by staff here, or
 * reported by the device as a {@code VISIT} event when a community worker taps it. Both count for
 * the monthly visit rate of the indicators report.
 */
@Path("/api/v1/devices/{id}/visits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class VisitResource {

    /** A visit: who came, when, what they noted; {@code source} API or DEVICE. */
    public record Visit(Long id, String deviceId, Instant visitedAt, String visitor, String note, String source,
            String recordedBy) {
    }

    /** What staff record: {@code visitedAt} defaults to now. */
    public record VisitInput(String visitedAt, String visitor, String note) {
    }

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final AgroalDataSource dataSource;
    private final SecurityIdentity identity;

    VisitResource(AgroalDataSource dataSource, SecurityIdentity identity) {
        this.dataSource = dataSource;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({"ADMIN", "DUTY_STAFF"})
    public Response record(@PathParam("id") String deviceId, VisitInput input) throws SQLException {
        if (input == null) {
            throw ApiException.invalid("visitor", "a visit needs a visitor (and may have visitedAt and note)");
        }
        Instant now = Instant.now();
        Instant at = QueryValues.instant("visitedAt", input.visitedAt());
        at = (at == null ? now : at).truncatedTo(ChronoUnit.MICROS);
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw ApiException.invalid("visitedAt", "is in the future");
        }
        String visitor = input.visitor() == null ? "" : input.visitor().strip();
        if (visitor.isEmpty() || visitor.length() > 100) {
            throw ApiException.invalid("visitor", "who visited: 1 to 100 characters");
        }
        if (input.note() != null && input.note().length() > 2_000) {
            throw ApiException.invalid("note", "at most 2,000 characters");
        }
        for (String[] text : new String[][] {{"visitor", visitor}, {"note", input.note()}}) {
            if (text[1] != null && text[1].indexOf('\u0000') >= 0) {
                throw ApiException.invalid(text[0], "may not contain U+0000");
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            elderDevice(connection, deviceId);
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO visits (device_id, visited_at, visitor, note, recorded_by) VALUES (?, ?, ?, ?, ?)
                    RETURNING id
                    """)) {
                statement.setString(1, deviceId);
                statement.setTimestamp(2, Timestamp.from(at));
                statement.setString(3, visitor);
                statement.setString(4, input.note());
                statement.setString(5, identity.getPrincipal().getName());
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return Response.status(Response.Status.CREATED).entity(new Visit(row.getLong(1), deviceId, at,
                            visitor, input.note(), "API", identity.getPrincipal().getName())).build();
                }
            }
        }
    }

    /** Visits from both sources, newest first. */
    @GET
    public Listing<Visit> list(@PathParam("id") String deviceId, @Valid @BeanParam Paging paging) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            elderDevice(connection, deviceId);
            List<Visit> items = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT id, visited_at, visitor, note, 'API' AS source, recorded_by FROM visits WHERE device_id = ?
                    UNION ALL
                    SELECT NULL, ts, body ->> 'visitor', body ->> 'note', 'DEVICE', NULL FROM events
                     WHERE device_id = ? AND type = 'VISIT'
                    ORDER BY 2 DESC LIMIT ? OFFSET ?
                    """)) {
                statement.setString(1, deviceId);
                statement.setString(2, deviceId);
                statement.setInt(3, paging.size);
                statement.setLong(4, (long) paging.page * paging.size);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        long id = row.getLong(1);
                        items.add(new Visit(row.wasNull() ? null : id, deviceId, row.getTimestamp(2).toInstant(),
                                row.getString(3), row.getString(4), row.getString(5), row.getString(6)));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT (SELECT count(*) FROM visits WHERE device_id = ?)
                         + (SELECT count(*) FROM events WHERE device_id = ? AND type = 'VISIT')
                    """)) {
                statement.setString(1, deviceId);
                statement.setString(2, deviceId);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return paging.listing(items, row.getLong(1));
                }
            }
        }
    }

    /** The device, which must be an elder-alert device in the caller's areas (else 404, as if absent). */
    private void elderDevice(Connection connection, String deviceId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT device_class, area_code FROM devices WHERE id = ?")) {
            statement.setString(1, deviceId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next() || !Scope.of(identity).sees(row.getString(2))) {
                    throw ApiException.notFound("device", deviceId);
                }
                if (!"ELDER_ALERT".equals(row.getString(1))) {
                    throw ApiException.invalid("id", "visits are recorded on the resident's elder-alert device, not on a "
                            + row.getString(1));
                }
            }
        }
    }
}
