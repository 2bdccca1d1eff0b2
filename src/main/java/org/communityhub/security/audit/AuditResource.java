package org.communityhub.security.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.communityhub.api.Filters;
import org.communityhub.api.Listing;
import org.communityhub.api.Paging;
import org.communityhub.api.QueryValues;
import org.communityhub.database.Columns;

/** The audit trail for administrators, newest first; nothing in the API changes or removes it. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("ADMIN")
public class AuditResource {

    /** One record: who, what, on which object, with what answer, the state before and the answer after. */
    public record Entry(long id, Instant at, String username, String action, String objectType, String objectId,
            int status, JsonNode before, JsonNode after, String address) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    AuditResource(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Filters: {@code user}, {@code objectType} (e.g. {@code devices}), {@code objectId}, {@code from <= at < to}. */
    @GET
    public Listing<Entry> list(@QueryParam("user") String user, @QueryParam("objectType") String objectType,
            @QueryParam("objectId") String objectId, @QueryParam("from") String from, @QueryParam("to") String to,
            @Valid @BeanParam Paging paging) throws SQLException {
        Object[] filters = {user, objectType, objectId, QueryValues.instant("from", from), QueryValues.instant("to", to)};
        try (Connection connection = dataSource.getConnection()) {
            return Filters.page(connection, AuditQueries.LIST, AuditQueries.COUNT, filters, paging, row -> new Entry(
                    row.getLong("id"), Columns.instant(row, "at"), row.getString("username"), row.getString("action"),
                    row.getString("object_type"), row.getString("object_id"), row.getInt("status"),
                    tree(row.getString("before")), tree(row.getString("after")), row.getString("address")));
        }
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_log holds jsonb, which is JSON", e);
        }
    }
}
