package org.communityhub.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One packaged hub of an integration test, in its own process ({@link HubProcess}), with what the
 * test started beside it (publishers, receivers): {@link #close} stops them all and makes the broker
 * forget the hub's persistent session, so that no later test finds messages queued for it.
 */
public final class HubRun implements AutoCloseable {

    private final Map<String, String> env;
    private final List<AutoCloseable> beside = new ArrayList<>();
    private HubProcess process;

    /** Starts the hub with {@code env} and waits until it is ready. */
    public HubRun(Map<String, String> env) {
        this.env = env;
        this.process = HubProcess.start(env);
    }

    public HubProcess process() {
        return process;
    }

    /** Stops the hub's process; {@link #start} starts it again with the same environment and session. */
    public void stop() throws InterruptedException {
        process.stop();
    }

    public void start() {
        process = HubProcess.start(env);
    }

    /** Closed with the hub, before it. */
    public <T extends AutoCloseable> T beside(T closeable) {
        beside.add(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : beside) {
            closeable.close();
        }
        process.stop();
        BrokerSessions.forget(env.get("HUB_MQTT_URL"), env.get("HUB_MQTT_CLIENT_ID"));
    }
}
