package org.communityhub.connectivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.communityhub.api.ApiException;

/** A device's current connectivity, why, since when, and its latest telemetry. */
@Path("/api/v1/devices/{id}/state")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DeviceStateResource {

    /** The answer of {@code GET /devices/{id}/state}. */
    public record DeviceStateView(String deviceId, LinkState connectivity, Instant since, Change.Reason reason,
            Instant lastSeen, JsonNode latest) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    DeviceStateResource(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @GET
    public DeviceStateView get(@PathParam("id") String id) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.STATE)) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("device", id);
                }
                String connectivity = row.getString("connectivity");
                String reason = row.getString("connectivity_reason");
                String latest = row.getString("latest");
                return new DeviceStateView(id,
                        connectivity == null ? LinkState.UNKNOWN : LinkState.valueOf(connectivity),
                        instant(row.getTimestamp("connectivity_since")),
                        reason == null ? null : Change.Reason.valueOf(reason),
                        instant(row.getTimestamp("last_seen")),
                        latest == null ? null : json.readTree(latest));
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
