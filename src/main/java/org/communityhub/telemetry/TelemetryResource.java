package org.communityhub.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.Period;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.security.Scope;

/** A device's stored telemetry, newest first. */
@Path("/api/v1/devices/{id}/telemetry")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TelemetryResource {

    private final DeviceDirectory directory;
    private final TelemetryStore store;
    private final SecurityIdentity identity;

    TelemetryResource(DeviceDirectory directory, TelemetryStore store, SecurityIdentity identity) {
        this.directory = directory;
        this.store = store;
        this.identity = identity;
    }

    /** Readings with {@code from <= ts < to}; by default the last 24 hours. */
    @GET
    public Listing<ObjectNode> list(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @Valid @BeanParam Paging paging) throws SQLException {
        Period period = Period.of(from, to, Duration.ofDays(1));
        DeviceDirectory.Entry device = directory.visible(id, Scope.of(identity));
        TelemetryTable table = TelemetryTable.of(device.deviceClass());
        List<ObjectNode> items = store.read(table, id, period.from(), period.to(), paging.size, (long) paging.page * paging.size);
        return paging.listing(items, store.count(table, id, period.from(), period.to()));
    }
}
