package org.communityhub.alerts;

import io.smallrye.reactive.messaging.annotations.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Puts every committed alert change on the {@code alert-changes} channel (SmallRye Reactive
 * Messaging), which the live stream, the webhooks and the MQTT channel each consume on their own.
 */
@ApplicationScoped
public class AlertPublisher {

    private static final Logger LOG = Logger.getLogger(AlertPublisher.class);

    private final Emitter<AlertChanged> changes;

    AlertPublisher(@Channel("alert-changes") @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65_536)
            Emitter<AlertChanged> changes) {
        this.changes = changes;
    }

    void publish(AlertChanged change) {
        try {
            changes.send(change);
        } catch (RuntimeException e) {
            // the change is committed and in the trail: a stream resuming from its id still gets it
            LOG.errorf("alerts: change %d of alert %d could not be published live: %s", change.eventId(),
                    change.alert().id(), e.toString());
        }
    }
}
