package org.communityhub.devices;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;
import org.communityhub.areas.Areas;
import org.communityhub.security.Scope;
import org.communityhub.security.audit.AuditContext;
import org.communityhub.security.broker.DeviceCredentials;

/**
 * The device registry: register, read, update, decommission and list devices, each within the
 * caller's subtrees (a device outside them is answered as absent).
 */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class DeviceResource {

    private final Devices devices;
    private final Areas areas;
    private final DeviceDirectory directory;
    private final SecurityIdentity identity;
    private final Event<DeviceCredentials.Changed> credentialChanges;
    private final AuditContext audit;

    DeviceResource(Devices devices, Areas areas, DeviceDirectory directory, SecurityIdentity identity,
            Event<DeviceCredentials.Changed> credentialChanges, AuditContext audit) {
        this.audit = audit;
        this.devices = devices;
        this.areas = areas;
        this.directory = directory;
        this.identity = identity;
        this.credentialChanges = credentialChanges;
    }

    /** Devices filtered by {@code deviceClass} (alias {@code class}), {@code area} subtree and {@code state}. */
    @GET
    @WithSession
    public Uni<Listing<Device>> list(@QueryParam("deviceClass") String deviceClass,
            @QueryParam("class") String classAlias, @QueryParam("area") String area,
            @QueryParam("state") String state, @Valid @BeanParam Paging paging) {
        Devices.Filter filter = new Devices.Filter(
                deviceClass != null
                        ? QueryValues.enumValue("deviceClass", deviceClass, DeviceClass.class)
                        : QueryValues.enumValue("class", classAlias, DeviceClass.class),
                QueryValues.parsed("area", area, AreaCode::of),
                QueryValues.enumValue("state", state, DeviceState.class),
                Scope.of(identity).prefixes());
        return devices.list(filter, paging.toPage())
                .flatMap(items -> devices.count(filter).map(total -> paging.listing(items, total)));
    }

    @GET
    @Path("{id}")
    @WithSession
    public Uni<Device> get(@PathParam("id") String id) {
        return existing(id);
    }

    @POST
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Uni<Response> create(@Valid @NotNull DeviceInput input) {
        return Panache.withTransaction(() -> devices.findById(input.id())
                        .onItem().ifNotNull().failWith(() -> ApiException.conflict("device " + input.id() + " already exists"))
                        .flatMap(none -> checkArea(input.areaCode()))
                        .flatMap(none -> {
                            Device device = new Device();
                            device.id = input.id();
                            device.deviceClass = input.deviceClass();
                            device.state = DeviceState.ACTIVE;
                            apply(input, device);
                            return devices.persist(device);
                        }))
                .invoke(device -> directory.forget(device.id))
                .map(device -> Response.created(URI.create("/api/v1/devices/" + device.id)).entity(device).build());
    }

    /** Replaces a device's description; its id and class cannot change. */
    @PUT
    @Path("{id}")
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Uni<Device> update(@PathParam("id") String id, @Valid @NotNull DeviceInput input) {
        if (!id.equals(input.id())) {
            throw ApiException.invalid("id", "cannot change: a device's id is its MQTT identity (" + id + ")");
        }
        return Panache.withTransaction(() -> existing(id)
                        .invoke(audit::before)
                        .invoke(device -> {
                            if (device.deviceClass != input.deviceClass()) {
                                throw ApiException.invalid("deviceClass", "cannot change from " + device.deviceClass
                                        + ": register a new device instead");
                            }
                        })
                        .call(device -> checkArea(input.areaCode()))
                        .invoke(device -> apply(input, device)))
                .invoke(device -> directory.forget(id));
    }

    /**
     * Takes a device out of service: it stays in the registry with its history, its messages are
     * refused, and its MQTT credential stops working (the broker's files are rewritten).
     */
    @POST
    @Path("{id}/decommission")
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Uni<Device> decommission(@PathParam("id") String id) {
        return Panache.withTransaction(() -> existing(id).invoke(audit::before).invoke(device -> {
            if (device.state == DeviceState.DECOMMISSIONED) {
                throw ApiException.conflict("device " + id + " is already decommissioned");
            }
            device.state = DeviceState.DECOMMISSIONED;
            device.updatedAt = Instant.now();
            device.decommissionedAt = device.updatedAt;
        })).invoke(device -> {
            directory.forget(id);
            credentialChanges.fireAsync(new DeviceCredentials.Changed(id));
        });
    }

    /** The device, if it is registered in the caller's subtrees; else 404. */
    private Uni<Device> existing(String id) {
        Scope scope = Scope.of(identity);
        return devices.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("device", id))
                .invoke(device -> scope.require(device.areaCode, "device", id));
    }

    private Uni<Void> checkArea(String rawCode) {
        AreaCode code = QueryValues.parsed("areaCode", rawCode, AreaCode::of);
        if (!code.level().holdsDevices()) {
            throw ApiException.invalid("areaCode", code + " is a " + code.level()
                    + "; devices belong to a COMMUNITY or a GRID");
        }
        if (!Scope.of(identity).sees(code.value())) {
            throw ApiException.invalid("areaCode", "area " + code + " is outside your areas");
        }
        return areas.findById(code.value())
                .onItem().ifNull().failWith(() -> ApiException.invalid("areaCode", "area " + code + " does not exist"))
                .replaceWithVoid();
    }

    private static void apply(DeviceInput input, Device device) {
        device.areaCode = input.areaCode();
        device.name = input.name().trim();
        device.lat = input.lat();
        device.lon = input.lon();
        device.address = input.address();
        device.model = input.model();
        device.firmware = input.firmware();
        device.installedAt = input.installedAt();
        device.expectedIntervalSeconds = input.expectedIntervalSeconds();
        device.updatedAt = Instant.now();
    }
}
