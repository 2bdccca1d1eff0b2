package org.communityhub.alerts;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.security.Scope;
import org.communityhub.security.audit.AuditContext;

/** Maintenance windows on an area subtree or a device, one-off or weekly. */
@Path("/api/v1/maintenance-windows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class MaintenanceResource {

    /** A new window: {@code areaCode} or {@code deviceId}, {@code startsAt} < {@code endsAt}, {@code weekly}, {@code repeatUntil}, {@code reason}. */
    public record WindowInput(String areaCode, String deviceId, String startsAt, String endsAt, Boolean weekly,
            String repeatUntil, String reason) {
    }

    private final Maintenance maintenance;
    private final DeviceDirectory directory;
    private final AlertClock clock;
    private final SecurityIdentity identity;
    private final AuditContext audit;

    MaintenanceResource(Maintenance maintenance, DeviceDirectory directory, AlertClock clock,
            SecurityIdentity identity, AuditContext audit) {
        this.audit = audit;
        this.maintenance = maintenance;
        this.directory = directory;
        this.clock = clock;
        this.identity = identity;
    }

    @GET
    public Listing<MaintenanceWindow> list() throws SQLException {
        List<MaintenanceWindow> visible = visible();
        return new Listing<>(visible, visible.size(), 0, visible.size());
    }

    @POST
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Response create(WindowInput input) throws SQLException {
        if (input == null) {
            throw ApiException.invalid("request", "a window needs areaCode or deviceId, startsAt, endsAt and reason");
        }
        boolean area = input.areaCode() != null && !input.areaCode().isBlank();
        boolean device = input.deviceId() != null && !input.deviceId().isBlank();
        if (area == device) {
            throw ApiException.invalid(area ? "deviceId" : "areaCode", "give either areaCode or deviceId");
        }
        Scope scope = Scope.of(identity);
        if (area) {
            AreaCode code = QueryValues.parsed("areaCode", input.areaCode(), AreaCode::of);
            if (!scope.sees(code.value())) {
                throw ApiException.invalid("areaCode", "area " + code + " is outside your areas");
            }
        } else if (!directory.sees(scope, null, input.deviceId())) {
            throw ApiException.invalid("deviceId", "no device " + input.deviceId() + " is registered in your areas");
        }
        Instant starts = required("startsAt", input.startsAt());
        Instant ends = required("endsAt", input.endsAt());
        if (!ends.isAfter(starts)) {
            throw ApiException.invalid("endsAt", "must be after startsAt");
        }
        boolean weekly = Boolean.TRUE.equals(input.weekly());
        if (weekly && Duration.between(starts, ends).compareTo(Duration.ofDays(7)) >= 0) {
            throw ApiException.invalid("endsAt", "a weekly window must be shorter than a week");
        }
        if (input.reason() == null || input.reason().isBlank()) {
            throw ApiException.invalid("reason", "is required: say what the maintenance is for");
        }
        try {
            MaintenanceWindow created = maintenance.create(new MaintenanceWindow(0, area ? input.areaCode().trim() : null,
                    device ? input.deviceId().trim() : null, starts, ends, weekly,
                    QueryValues.instant("repeatUntil", input.repeatUntil()), input.reason().trim(),
                    identity.getPrincipal().getName(), null));
            return Response.created(URI.create("/api/v1/maintenance-windows/" + created.id())).entity(created).build();
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                throw ApiException.invalid("areaCode", "area " + input.areaCode() + " does not exist");
            }
            throw e;
        }
    }

    /** Ends the window now; what it covered so far stays on record (uptime reads it). */
    @DELETE
    @Path("{id}")
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Response end(@PathParam("id") long id) throws SQLException {
        MaintenanceWindow window = visible().stream().filter(w -> w.id() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound("maintenance window", Long.toString(id)));
        audit.before(window);
        if (!maintenance.end(id, clock.now())) {
            throw ApiException.notFound("maintenance window", Long.toString(id));
        }
        return Response.noContent().build();
    }

    /** The windows on areas and devices of the caller's subtrees. */
    private List<MaintenanceWindow> visible() throws SQLException {
        return directory.visible(maintenance.all(), Scope.of(identity), MaintenanceWindow::areaCode,
                MaintenanceWindow::deviceId);
    }

    private static Instant required(String field, String raw) {
        Instant value = QueryValues.instant(field, raw);
        if (value == null) {
            throw ApiException.invalid(field, "is required");
        }
        return value;
    }
}
