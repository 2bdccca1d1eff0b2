package org.communityhub.notify;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.communityhub.api.QueryValues;
import org.communityhub.security.Scope;

/**
 * The live stream for consoles: Server-Sent Events, one {@code data:} line of alert JSON per change
 * within the caller's areas, each with an {@code id:} that a reconnecting client sends back as
 * {@code Last-Event-ID} (or {@code ?lastEventId=}) to get everything it missed; and, as events named
 * {@code broadcast} without an id, the progress of the broadcasts within the caller's areas (a
 * reconnecting console reads those afresh with {@code GET /api/v1/broadcasts/{id}}).
 */
@Path("/api/v1/alerts/stream")
@Authenticated
public class AlertStreamResource {

    private final AlertStream stream;
    private final SecurityIdentity identity;

    AlertStreamResource(AlertStream stream, SecurityIdentity identity) {
        this.stream = stream;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("lastEventId") String lastEventIdParam, @Context Sse sse) {
        String raw = lastEventId != null && !lastEventId.isBlank() ? lastEventId : lastEventIdParam;
        Long after = QueryValues.parsed("Last-Event-ID", raw, value -> {
            try {
                long id = Long.parseLong(value);
                if (id < 0) {
                    throw new IllegalArgumentException("must be an event id the stream sent (a whole number >= 0)");
                }
                return id;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be an event id the stream sent (a whole number >= 0)");
            }
        });
        Scope scope = Scope.of(identity);
        return Multi.createFrom().<AlertStream.Event>emitter(emitter -> stream.subscribe(scope, after, emitter))
                .map(event -> event.id() == null ? sse.newEventBuilder().name(event.name()).data(event.data()).build()
                        : sse.newEventBuilder().id(Long.toString(event.id())).data(event.data()).build());
    }
}
