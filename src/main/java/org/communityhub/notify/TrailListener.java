package org.communityhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.communityhub.alerts.AlertChanged;
import org.communityhub.alerts.Trail;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Alert changes committed by any replica, for this replica's live streams: a trigger notifies the
 * channel {@code alert_trail} at every commit that adds steps (V22); this listener, on a connection
 * of its own, reads the steps after the last it read and hands them to {@link AlertStream} as it
 * does its own (which it drops as sent already). Without it a console connected to one replica
 * would not see an SOS that another replica raised.
 */
@ApplicationScoped
public class TrailListener {

    private static final Logger LOG = Logger.getLogger(TrailListener.class);
    private static final int PAGE = 500;

    private final AgroalDataSource dataSource;
    private final AlertStream stream;
    private final ObjectMapper json;
    private volatile boolean stopped;
    private Thread thread;
    /** The highest trail id read; touched by the listening thread only. */
    private long read = -1;

    TrailListener(AgroalDataSource dataSource, AlertStream stream, ObjectMapper json) {
        this.dataSource = dataSource;
        this.stream = stream;
        this.json = json;
    }

    public void start() {
        thread = new Thread(this::listen, "hub-trail-listener");
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        stopped = true;
        if (thread != null) {
            try {
                thread.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void listen() {
        int failures = 0;
        while (!stopped) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN alert_trail");
                }
                if (read < 0) {
                    read = Trail.latestId(connection);
                } else {
                    readAfter(connection); // what was committed while it could not listen
                }
                if (failures > 0) {
                    LOG.infof("alerts: listening to other replicas' alert changes again after %d failure(s)", failures);
                    failures = 0;
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!stopped) {
                    PGNotification[] arrived = notifications.getNotifications(1_000);
                    if (arrived != null && arrived.length > 0) {
                        readAfter(connection);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (failures++ == 0 && !stopped) {
                    LOG.warnf("alerts: cannot listen to other replicas' alert changes (%s); trying again every second",
                            e.getMessage());
                }
                pause();
            }
        }
    }

    private void readAfter(Connection connection) throws SQLException {
        while (true) {
            List<AlertChanged> page = Trail.after(connection, read, PAGE, json);
            for (AlertChanged change : page) {
                stream.changed(change);
                read = change.eventId();
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
