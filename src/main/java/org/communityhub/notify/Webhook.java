package org.communityhub.notify;

import java.time.Instant;
import org.communityhub.alerts.Severity;

/**
 * A receiver of the alert changes of an area subtree at or above {@code minSeverity}. The secret
 * signs every request and is shown only when the webhook is created.
 */
public record Webhook(long id, String areaCode, String url, WebhookFormat format, Severity minSeverity,
        boolean enabled, String createdBy, Instant createdAt) {
}
