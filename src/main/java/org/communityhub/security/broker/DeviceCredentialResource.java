package org.communityhub.security.broker;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import java.time.Instant;
import org.communityhub.api.ApiException;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.devices.DeviceState;
import org.communityhub.security.Scope;
import org.communityhub.security.audit.AuditContext;

/**
 * A device's MQTT credential: issue (or rotate, which ends the old password at once), read its state,
 * revoke. The password is shown only in the answer that issued it.
 */
@Path("/api/v1/devices/{id}/credentials")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"ADMIN", "OPERATOR"})
public class DeviceCredentialResource {

    /** A freshly issued credential: the device connects with {@code username} and {@code password}. */
    public record Issued(String deviceId, String username, String password, Instant issuedAt) {
    }

    private final DeviceCredentials credentials;
    private final DeviceDirectory directory;
    private final SecurityIdentity identity;
    private final AuditContext audit;

    DeviceCredentialResource(DeviceCredentials credentials, DeviceDirectory directory, SecurityIdentity identity,
            AuditContext audit) {
        this.audit = audit;
        this.credentials = credentials;
        this.directory = directory;
        this.identity = identity;
    }

    @GET
    public DeviceCredentials.Status status(@PathParam("id") String id) throws SQLException {
        directory.visible(id, Scope.of(identity));
        return credentials.status(id);
    }

    /** Issues a password, or replaces the device's current one (rotation); 201 with the password. */
    @POST
    public Response issue(@PathParam("id") String id) throws SQLException {
        if (directory.visible(id, Scope.of(identity)).state() != DeviceState.ACTIVE) {
            throw ApiException.conflict("device " + id + " is decommissioned: it gets no credential");
        }
        audit.before(credentials.status(id));
        String password = credentials.issue(id, identity.getPrincipal().getName());
        DeviceCredentials.Status status = credentials.status(id);
        return Response.created(URI.create("/api/v1/devices/" + id + "/credentials"))
                .entity(new Issued(id, id, password, status.issuedAt())).build();
    }

    /** Revokes the credential: the broker refuses the device, and the hub dead-letters what it still sends. */
    @DELETE
    public Response revoke(@PathParam("id") String id) throws SQLException {
        directory.visible(id, Scope.of(identity));
        audit.before(credentials.status(id));
        if (!credentials.revoke(id, identity.getPrincipal().getName())) {
            throw ApiException.conflict("device " + id + " has no live credential to revoke");
        }
        return Response.noContent().build();
    }
}
