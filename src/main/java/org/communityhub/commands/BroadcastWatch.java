package org.communityhub.commands;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Every {@code progress-interval} ({@link BroadcastJobs}), the broadcasts that can still change are looked at through a
 * fingerprint of their commands (one query for all); each that moved on since the last look is read
 * in full and fired as {@link BroadcastProgressed}, so consoles follow it on the live stream at most
 * once an interval per broadcast, however many units answer in between.
 */
@ApplicationScoped
public class BroadcastWatch {

    private static final Logger LOG = Logger.getLogger(BroadcastWatch.class);
    /** How long a stopped broadcast is still watched: its units' STOPs and last answers come in. */
    private static final Duration AFTER_STOP = Duration.ofMinutes(1);

    private final AgroalDataSource dataSource;
    private final Broadcasts broadcasts;
    private final Event<BroadcastProgressed> progressed;
    /** The fingerprint last seen per broadcast; touched by the watch's thread only. */
    private Map<Long, String> seen = new HashMap<>();

    BroadcastWatch(AgroalDataSource dataSource, Broadcasts broadcasts, Event<BroadcastProgressed> progressed) {
        this.dataSource = dataSource;
        this.broadcasts = broadcasts;
        this.progressed = progressed;
    }

    /** One look; never throws (a failure is logged and the next look tries again). */
    void look() {
        try {
            Instant now = Instant.now();
            Map<Long, String> live = new HashMap<>();
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(BroadcastQueries.LIVE)) {
                statement.setTimestamp(1, Timestamp.from(now));
                statement.setTimestamp(2, Timestamp.from(now.minus(AFTER_STOP)));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        live.put(row.getLong("id"), row.getString("fingerprint"));
                    }
                }
            }
            for (Map.Entry<Long, String> broadcast : live.entrySet()) {
                if (!broadcast.getValue().equals(seen.get(broadcast.getKey()))) {
                    broadcasts.find(broadcast.getKey()).ifPresent(found -> progressed.fire(new BroadcastProgressed(found.withoutUnits())));
                }
            }
            seen = live;
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("commands: watching the broadcasts' progress failed (%s); trying again", e.toString());
        }
    }
}
