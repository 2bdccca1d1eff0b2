package org.communityhub.security.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.RequestScoped;

/**
 * What a request changed from, where it matters: a resource that replaces or removes something hands
 * its state before the change here, and {@link AuditTrail} records it with the answer. Serialized at
 * once, since an entity may change before the request ends.
 */
@RequestScoped
public class AuditContext {

    private final ObjectMapper json;
    private JsonNode before;

    AuditContext(ObjectMapper json) {
        this.json = json;
    }

    public void before(Object state) {
        this.before = state == null ? null : json.valueToTree(state);
    }

    JsonNode before() {
        return before;
    }
}
