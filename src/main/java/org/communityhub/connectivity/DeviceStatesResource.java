package org.communityhub.connectivity;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;
import org.communityhub.database.Columns;
import org.communityhub.devices.DeviceClass;
import org.communityhub.security.Scope;

/**
 * The connectivity of many devices at once, with what a list or a map of them needs (class, area,
 * name, coordinates): the console's device list and map read it instead of one state call per device.
 */
@Path("/api/v1/device-states")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DeviceStatesResource {

    /** One active device and its connectivity; a device never heard from is UNKNOWN with nulls. */
    public record DeviceStateRow(String deviceId, DeviceClass deviceClass, String areaCode, String name, Double lat,
            Double lon, LinkState connectivity, Instant since, Change.Reason reason, Instant lastSeen) {
    }

    private final AgroalDataSource dataSource;
    private final SecurityIdentity identity;

    DeviceStatesResource(AgroalDataSource dataSource, SecurityIdentity identity) {
        this.dataSource = dataSource;
        this.identity = identity;
    }

    /** Active devices filtered by {@code area} subtree, {@code deviceClass} and {@code connectivity}, by id. */
    @GET
    public Listing<DeviceStateRow> list(@QueryParam("area") String area, @QueryParam("deviceClass") String deviceClass,
            @QueryParam("connectivity") String connectivity, @Valid @BeanParam Paging paging) throws SQLException {
        AreaCode code = QueryValues.parsed("area", area, AreaCode::of);
        DeviceClass type = deviceClass == null ? null : QueryValues.enumValue("deviceClass", deviceClass, DeviceClass.class);
        LinkState state = connectivity == null ? null : QueryValues.enumValue("connectivity", connectivity, LinkState.class);
        String[] within = Scope.of(identity).prefixes();
        try (Connection connection = dataSource.getConnection()) {
            List<DeviceStateRow> items = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.STATES)) {
                bind(statement, code, type, state, within);
                statement.setInt(8, paging.size);
                statement.setLong(9, (long) paging.page * paging.size);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String reason = row.getString("connectivity_reason");
                        items.add(new DeviceStateRow(row.getString("id"), DeviceClass.valueOf(row.getString("device_class")),
                                row.getString("area_code"), row.getString("name"), row.getObject("lat", Double.class),
                                row.getObject("lon", Double.class), LinkState.valueOf(row.getString("connectivity")),
                                Columns.instant(row, "connectivity_since"), reason == null ? null : Change.Reason.valueOf(reason),
                                Columns.instant(row, "last_seen")));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(ConnectivityQueries.COUNT_STATES)) {
                bind(statement, code, type, state, within);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return paging.listing(items, row.getLong(1));
                }
            }
        }
    }

    private static void bind(PreparedStatement statement, AreaCode area, DeviceClass type, LinkState state, String[] within)
            throws SQLException {
        statement.setString(1, area == null ? null : area.subtreePrefix() + "%");
        statement.setString(2, type == null ? null : type.name());
        statement.setString(3, type == null ? null : type.name());
        statement.setString(4, state == null ? null : state.name());
        statement.setString(5, state == null ? null : state.name());
        statement.setBoolean(6, within == null);
        statement.setArray(7, statement.getConnection().createArrayOf("text", within == null ? new String[0] : within));
    }
}
