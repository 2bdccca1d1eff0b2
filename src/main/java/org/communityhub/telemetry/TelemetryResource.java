package org.communityhub.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
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
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.Period;
import org.communityhub.devices.DeviceDirectory;

/** A device's stored telemetry, newest first. */
@Path("/api/v1/devices/{id}/telemetry")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TelemetryResource {

    private final DeviceDirectory directory;
    private final TelemetryStore store;

    TelemetryResource(DeviceDirectory directory, TelemetryStore store) {
        this.directory = directory;
        this.store = store;
    }

    /** Readings with {@code from <= ts < to}; by default the last 24 hours. */
    @GET
    public Listing<ObjectNode> list(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @Valid @BeanParam Paging paging) throws SQLException {
        Period period = Period.of(from, to, Duration.ofDays(1));
        DeviceDirectory.Entry device = directory.find(id).orElseThrow(() -> ApiException.notFound("device", id));
        TelemetryTable table = TelemetryTable.of(device.deviceClass());
        List<ObjectNode> items = store.read(table, id, period.from(), period.to(), paging.size, (long) paging.page * paging.size);
        return paging.listing(items, store.count(table, id, period.from(), period.to()));
    }
}
