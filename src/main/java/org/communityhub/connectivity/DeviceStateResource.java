package org.communityhub.connectivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.communityhub.database.Columns;
import org.communityhub.api.ApiException;
import org.communityhub.devices.DeviceClass;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.security.Scope;
import org.communityhub.telemetry.TelemetryStore;
import org.communityhub.telemetry.TelemetryTable;

/**
 * A device's current connectivity, why, since when, and its latest telemetry. The last-seen time is
 * stored every sweep (5 s), so it may trail the newest message by that much.
 */
@Path("/api/v1/devices/{id}/state")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DeviceStateResource {

    /** The answer of {@code GET /devices/{id}/state}. */
    public record DeviceStateView(String deviceId, LinkState connectivity, Instant since, Change.Reason reason,
            Instant lastSeen, JsonNode latest) {
    }

    private final AgroalDataSource dataSource;
    private final TelemetryStore telemetry;
    private final DeviceDirectory directory;
    private final SecurityIdentity identity;

    DeviceStateResource(AgroalDataSource dataSource, TelemetryStore telemetry, DeviceDirectory directory,
            SecurityIdentity identity) {
        this.dataSource = dataSource;
        this.telemetry = telemetry;
        this.directory = directory;
        this.identity = identity;
    }

    @GET
    public DeviceStateView get(@PathParam("id") String id) throws SQLException {
        directory.visible(id, Scope.of(identity));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.STATE)) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("device", id);
                }
                String connectivity = row.getString("connectivity");
                String reason = row.getString("connectivity_reason");
                TelemetryTable table = TelemetryTable.of(DeviceClass.valueOf(row.getString("device_class")));
                List<ObjectNode> latest = telemetry.read(table, id, Instant.EPOCH, Instant.now().plus(Duration.ofDays(1)), 1, 0);
                return new DeviceStateView(id,
                        connectivity == null ? LinkState.UNKNOWN : LinkState.valueOf(connectivity),
                        Columns.instant(row, "connectivity_since"),
                        reason == null ? null : Change.Reason.valueOf(reason),
                        Columns.instant(row, "last_seen"),
                        latest.isEmpty() ? null : latest.get(0));
            }
        }
    }
}
