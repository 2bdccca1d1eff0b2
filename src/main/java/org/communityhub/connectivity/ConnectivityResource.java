package org.communityhub.connectivity;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.Period;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.security.Scope;

/** A device's connectivity changes, newest first: when, from which state to which, and why. */
@Path("/api/v1/devices/{id}/connectivity")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ConnectivityResource {

    /** One stored change. */
    public record ChangeView(Instant ts, LinkState from, LinkState to, Change.Reason reason) {
    }

    private final AgroalDataSource dataSource;
    private final DeviceDirectory directory;
    private final SecurityIdentity identity;

    ConnectivityResource(AgroalDataSource dataSource, DeviceDirectory directory, SecurityIdentity identity) {
        this.dataSource = dataSource;
        this.directory = directory;
        this.identity = identity;
    }

    /** Changes with {@code from <= ts < to}; by default the last 7 days. */
    @GET
    public Listing<ChangeView> list(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @Valid @BeanParam Paging paging) throws SQLException {
        Period period = Period.of(from, to, Duration.ofDays(7));
        directory.visible(id, Scope.of(identity));
        try (Connection connection = dataSource.getConnection()) {
            List<ChangeView> items = new ArrayList<>();
            try (PreparedStatement statement = bound(connection, ConnectivityQueries.CHANGES, id, period)) {
                statement.setInt(4, paging.size);
                statement.setLong(5, (long) paging.page * paging.size);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        items.add(new ChangeView(row.getTimestamp("ts").toInstant(), LinkState.valueOf(row.getString("from_state")),
                                LinkState.valueOf(row.getString("to_state")), Change.Reason.valueOf(row.getString("reason"))));
                    }
                }
            }
            try (PreparedStatement statement = bound(connection, ConnectivityQueries.COUNT_CHANGES, id, period);
                    ResultSet row = statement.executeQuery()) {
                row.next();
                return paging.listing(items, row.getLong(1));
            }
        }
    }

    private static PreparedStatement bound(Connection connection, String sql, String id, Period period) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, id);
        statement.setTimestamp(2, Timestamp.from(period.from()));
        statement.setTimestamp(3, Timestamp.from(period.to()));
        return statement;
    }
}
