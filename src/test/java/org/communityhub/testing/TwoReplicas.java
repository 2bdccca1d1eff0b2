package org.communityhub.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two packaged hubs against the test database and broker, sharing the stream on a shared
 * subscription group of their own, each with its own client id ({@code hub-replica-a-…},
 * {@code hub-replica-b-…}). Closing stops both, ends their broker sessions and writes them down as
 * left, so that no later test shares a stream with them.
 */
public final class TwoReplicas implements AutoCloseable {

    public static final String PASSWORD = "replicas-admin-password";

    public final Map<String, String> envA;
    public final Map<String, String> envB;
    public HubProcess a;
    public HubProcess b;

    private TwoReplicas(Map<String, String> envA, Map<String, String> envB) {
        this.envA = envA;
        this.envB = envB;
    }

    /**
     * @param quick  {@link OwnServices#quickHubEnvironment} (outages noticed within a second) instead of
     *               {@link OwnServices#hubEnvironment}
     * @param extra  more variables for both
     */
    public static TwoReplicas start(boolean quick, Map<String, String> extra) {
        String group = "hub-" + UUID.randomUUID().toString().substring(0, 8);
        TwoReplicas replicas = new TwoReplicas(environment(quick, "hub-replica-a-"), environment(quick, "hub-replica-b-"));
        for (Map<String, String> env : List.of(replicas.envA, replicas.envB)) {
            env.put("HUB_MQTT_SHARED_GROUP", group);
            env.putAll(extra);
        }
        replicas.a = HubProcess.start(replicas.envA);
        replicas.b = HubProcess.start(replicas.envB);
        return replicas;
    }

    public String brokerUrl() {
        return envA.get("HUB_MQTT_URL");
    }

    @Override
    public void close() throws InterruptedException {
        for (HubProcess hub : new HubProcess[] {a, b}) {
            if (hub != null) {
                hub.stop();
            }
        }
        BrokerSessions.forgetReplica(brokerUrl(), envA.get("HUB_MQTT_CLIENT_ID"));
        BrokerSessions.forgetReplica(brokerUrl(), envB.get("HUB_MQTT_CLIENT_ID"));
    }

    private static Map<String, String> environment(boolean quick, String clientIdPrefix) {
        return quick ? OwnServices.quickHubEnvironment(PASSWORD, clientIdPrefix)
                : OwnServices.hubEnvironment(PASSWORD, clientIdPrefix);
    }
}
