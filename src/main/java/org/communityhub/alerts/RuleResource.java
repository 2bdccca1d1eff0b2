package org.communityhub.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import org.communityhub.api.ApiException;
import org.communityhub.api.Listing;
import org.communityhub.api.QueryValues;
import org.communityhub.areas.AreaCode;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.security.Scope;
import org.communityhub.security.audit.AuditContext;

/**
 * Alert rules: the defaults, and the settings that change them for an area subtree or a device
 * ({@link DeviceRulesResource} shows them as they apply to one device).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class RuleResource {

    /** A rule as listed: its id, class, type, default tuning and what raises it. */
    public record RuleView(String rule, String deviceClass, String type, Tuning tuning, List<String> tunables,
            String description) {
        static RuleView of(Rule rule) {
            return new RuleView(rule.id(), rule.deviceClass().name(), rule.type(), rule.tuning(),
                    rule.tunables().stream().sorted().toList(), rule.describe());
        }
    }

    /** Settings for one rule: for {@code areaCode}'s subtree or for {@code deviceId}, one of the two. */
    public record SettingInput(String rule, String areaCode, String deviceId, ObjectNode settings) {
    }

    private final RuleSettings settings;
    private final DeviceDirectory directory;
    private final SecurityIdentity identity;
    private final AuditContext audit;

    RuleResource(RuleSettings settings, DeviceDirectory directory, SecurityIdentity identity, AuditContext audit) {
        this.audit = audit;
        this.settings = settings;
        this.directory = directory;
        this.identity = identity;
    }

    @GET
    @Path("alert-rules")
    public Listing<RuleView> rules() {
        List<RuleView> rules = settings.defaults().stream().map(RuleView::of).toList();
        return new Listing<>(rules, rules.size(), 0, rules.size());
    }

    /** The settings for areas and devices in the caller's subtrees. */
    @GET
    @Path("alert-rule-settings")
    public Listing<RuleSettings.Setting> list() throws SQLException {
        List<RuleSettings.Setting> visible = visible();
        return new Listing<>(visible, visible.size(), 0, visible.size());
    }

    @POST
    @Path("alert-rule-settings")
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Response save(SettingInput input) throws SQLException {
        if (input == null || input.rule() == null || input.rule().isBlank()) {
            throw ApiException.invalid("rule", "is required");
        }
        boolean area = input.areaCode() != null && !input.areaCode().isBlank();
        boolean device = input.deviceId() != null && !input.deviceId().isBlank();
        if (area == device) {
            throw ApiException.invalid(area ? "deviceId" : "areaCode", "give either areaCode or deviceId");
        }
        if (input.settings() == null || input.settings().isEmpty()) {
            throw ApiException.invalid("settings", "is required: an object of the settings that differ");
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
        RuleSettings.Setting saved = settings.save(input.rule().trim(), area ? input.areaCode().trim() : null,
                device ? input.deviceId().trim() : null, input.settings(), identity.getPrincipal().getName());
        return Response.created(URI.create("/api/v1/alert-rule-settings/" + saved.id())).entity(saved).build();
    }

    @DELETE
    @Path("alert-rule-settings/{id}")
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Response delete(@PathParam("id") long id) throws SQLException {
        RuleSettings.Setting setting = visible().stream().filter(s -> s.id() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound("rule setting", Long.toString(id)));
        audit.before(setting);
        if (!settings.delete(id)) {
            throw ApiException.notFound("rule setting", Long.toString(id));
        }
        return Response.noContent().build();
    }

    /** The settings for areas and devices of the caller's subtrees. */
    private List<RuleSettings.Setting> visible() throws SQLException {
        return directory.visible(settings.all(), Scope.of(identity), RuleSettings.Setting::areaCode,
                RuleSettings.Setting::deviceId);
    }
}
