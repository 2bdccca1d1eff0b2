package org.communityhub.alerts;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.communityhub.api.Listing;
import org.communityhub.devices.DeviceDirectory;
import org.communityhub.security.Scope;

/**
 * Why a device alerts as it does: each rule of its class as it applies to it, the settings applied
 * (defaults, then its areas from the province down, then its own), and the condition it is timing.
 */
@Path("/api/v1/devices/{id}/alert-rules")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DeviceRulesResource {

    private final RuleSettings settings;
    private final DeviceDirectory directory;
    private final AgroalDataSource dataSource;
    private final AlertStore store;
    private final SecurityIdentity identity;

    DeviceRulesResource(RuleSettings settings, DeviceDirectory directory, AgroalDataSource dataSource,
            AlertStore store, SecurityIdentity identity) {
        this.settings = settings;
        this.directory = directory;
        this.dataSource = dataSource;
        this.store = store;
        this.identity = identity;
    }

    @GET
    public Listing<RuleSettings.Effective> effective(@PathParam("id") String id) throws SQLException {
        DeviceDirectory.Entry device = directory.visible(id, Scope.of(identity));
        Map<AlertStore.Key, Condition> timing;
        try (Connection connection = dataSource.getConnection()) {
            timing = store.conditions(connection, id);
        }
        List<RuleSettings.Effective> rules = settings.explain(device).stream()
                .map(rule -> rule.with(timing.get(new AlertStore.Key(id, rule.rule())))).toList();
        return new Listing<>(rules, rules.size(), 0, rules.size());
    }
}
