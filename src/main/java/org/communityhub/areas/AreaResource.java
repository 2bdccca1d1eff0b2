package org.communityhub.areas;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.communityhub.devices.Devices;
import org.communityhub.security.Scope;
import org.communityhub.security.audit.AuditContext;

/**
 * The administrative tree: province › city › county › street › community › grid. A user sees and
 * changes only the subtrees of their areas; ADMIN the whole tree.
 */
@Path("/api/v1/areas")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class AreaResource {

    private final Areas areas;
    private final Devices devices;
    private final SecurityIdentity identity;
    private final AuditContext audit;

    AreaResource(Areas areas, Devices devices, SecurityIdentity identity, AuditContext audit) {
        this.audit = audit;
        this.areas = areas;
        this.devices = devices;
        this.identity = identity;
    }

    /** Areas filtered by subtree ({@code under}), direct {@code parent} and {@code level}. */
    @GET
    @WithSession
    public Uni<Listing<Area>> list(@QueryParam("under") String under, @QueryParam("parent") String parent,
            @QueryParam("level") String level, @Valid @BeanParam Paging paging) {
        Areas.Filter filter = new Areas.Filter(
                QueryValues.parsed("under", under, AreaCode::of),
                QueryValues.parsed("parent", parent, AreaCode::of),
                QueryValues.enumValue("level", level, AreaLevel.class),
                Scope.of(identity).prefixes());
        return areas.list(filter, paging.toPage())
                .flatMap(items -> areas.count(filter).map(total -> paging.listing(items, total)));
    }

    @GET
    @Path("{code}")
    @WithSession
    public Uni<Area> get(@PathParam("code") String code) {
        return existing(code);
    }

    @POST
    @WithTransaction
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Uni<Response> create(@Valid @NotNull AreaInput input) {
        AreaCode code = QueryValues.parsed("code", input.code(), AreaCode::of);
        checkDerivedFields(code, input);
        if (!Scope.of(identity).sees(code.value())) {
            throw ApiException.invalid("code", "area " + code + " is outside your areas");
        }
        Uni<Void> parentExists = code.parent()
                .map(parent -> areas.findById(parent.value()).onItem().ifNull().failWith(
                        () -> ApiException.invalid("parentCode", "area " + parent + " does not exist; create it first"))
                        .replaceWithVoid())
                .orElse(Uni.createFrom().voidItem());
        return areas.findById(code.value())
                .onItem().ifNotNull().failWith(() -> ApiException.conflict("area " + code + " already exists"))
                .flatMap(none -> parentExists)
                .flatMap(none -> {
                    Area area = new Area();
                    area.code = code.value();
                    area.level = code.level();
                    area.parentCode = code.parent().map(AreaCode::value).orElse(null);
                    area.name = input.name().trim();
                    area.kind = input.kind();
                    area.updatedAt = Instant.now();
                    return areas.persist(area);
                })
                .map(area -> Response.created(URI.create("/api/v1/areas/" + area.code)).entity(area).build());
    }

    /** Renames an area or changes its kind; the code, and with it the place in the tree, stays. */
    @PUT
    @Path("{code}")
    @WithTransaction
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Uni<Area> update(@PathParam("code") String code, @Valid @NotNull AreaInput input) {
        if (!code.equals(input.code())) {
            throw ApiException.invalid("code", "cannot change: an area's code is its identity (" + code + ")");
        }
        checkDerivedFields(AreaCode.of(code), input);
        return existing(code).invoke(audit::before).map(area -> {
            area.name = input.name().trim();
            area.kind = input.kind();
            area.updatedAt = Instant.now();
            return area;
        });
    }

    /** Deletes an area that has no sub-areas and no devices, e.g. one created by mistake. */
    @DELETE
    @Path("{code}")
    @WithTransaction
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Uni<Response> delete(@PathParam("code") String code) {
        return existing(code)
                .invoke(audit::before)
                .call(area -> areas.hasChildren(code).invoke(has -> {
                    if (has) {
                        throw ApiException.conflict("area " + code + " has sub-areas");
                    }
                }))
                .call(area -> devices.existIn(code).invoke(has -> {
                    if (has) {
                        throw ApiException.conflict("area " + code + " has devices");
                    }
                }))
                .call(areas::delete)
                .map(area -> Response.noContent().build());
    }

    /** The area, if it exists and is in the caller's subtrees; else 404. */
    private Uni<Area> existing(String code) {
        Scope scope = Scope.of(identity);
        return areas.findById(code).onItem().ifNull().failWith(() -> ApiException.notFound("area", code))
                .invoke(area -> scope.require(area.code, "area", code));
    }

    private static void checkDerivedFields(AreaCode code, AreaInput input) {
        if (input.level() != null && input.level() != code.level()) {
            throw ApiException.invalid("level", "code " + code + " is a " + code.level() + " code");
        }
        String parent = code.parent().map(AreaCode::value).orElse(null);
        if (input.parentCode() != null && !input.parentCode().equals(parent)) {
            throw ApiException.invalid("parentCode", "code " + code + " belongs under " + parent);
        }
    }
}
