package org.communityhub.devices;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communityhub.api.Problem;
import org.communityhub.security.Scope;

/**
 * Registers the devices of a CSV file (UTF-8, a byte-order mark allowed, as Excel writes it): all of
 * them in one transaction, or none, with every bad row named by its line and column
 * ({@link DeviceImport}). Devices only in the caller's areas.
 */
@Path("/api/v1/devices/import")
public class DeviceImportResource {

    private static final String INSERT = """
            INSERT INTO devices (id, device_class, area_code, name, lat, lon, address, model, firmware, installed_at,
                                 expected_interval_s)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final AgroalDataSource dataSource;
    private final Validator validator;
    private final DeviceDirectory directory;
    private final SecurityIdentity identity;

    DeviceImportResource(AgroalDataSource dataSource, Validator validator, DeviceDirectory directory,
            SecurityIdentity identity) {
        this.dataSource = dataSource;
        this.validator = validator;
        this.directory = directory;
        this.identity = identity;
    }

    /** 201 with {@code imported}, the number of devices registered; 400 naming every bad row. */
    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"ADMIN", "OPERATOR"})
    public Response importCsv(String body) throws SQLException {
        Scope scope = Scope.of(identity);
        DeviceImport.Result result;
        try (Connection connection = dataSource.getConnection()) {
            result = DeviceImport.read(body == null ? "" : body, validator, new DeviceImport.Registry() {
                @Override
                public Set<String> existingIds(Set<String> ids) throws SQLException {
                    return existing(connection, "SELECT id FROM devices WHERE id = ANY (?)", ids);
                }

                @Override
                public Set<String> existingAreas(Set<String> codes) throws SQLException {
                    return existing(connection, "SELECT code FROM areas WHERE code = ANY (?)", codes);
                }
            }, scope::sees);
        }
        if (!result.problems().isEmpty()) {
            Problem invalid = Problem.invalid(result.problems());
            Problem problem = new Problem(invalid.type(), invalid.title(), 400, result.problemCount()
                    + " problem(s), nothing imported" + (result.problemCount() > result.problems().size()
                            ? "; the first " + result.problems().size() + " are listed" : "")
                    + ": " + invalid.detail(), invalid.fields(), invalid.violations());
            return Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build();
        }
        insert(result.devices());
        result.devices().forEach(device -> directory.forget(device.id()));
        return Response.status(Response.Status.CREATED).entity(Map.of("imported", result.devices().size())).build();
    }

    private void insert(List<DeviceInput> devices) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                for (DeviceInput device : devices) {
                    statement.setString(1, device.id());
                    statement.setString(2, device.deviceClass().name());
                    statement.setString(3, device.areaCode());
                    statement.setString(4, device.name().trim());
                    statement.setObject(5, device.lat(), Types.DOUBLE);
                    statement.setObject(6, device.lon(), Types.DOUBLE);
                    statement.setString(7, device.address());
                    statement.setString(8, device.model());
                    statement.setString(9, device.firmware());
                    statement.setTimestamp(10, device.installedAt() == null ? null : Timestamp.from(device.installedAt()));
                    statement.setObject(11, device.expectedIntervalSeconds(), Types.INTEGER);
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Set<String> existing(Connection connection, String sql, Set<String> values) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("text", values.toArray());
            statement.setArray(1, array);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    found.add(row.getString(1));
                }
            }
        }
        return found;
    }
}
