package org.communityhub.security.broker;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import org.communityhub.devices.DeviceId;
import org.communityhub.ingest.MqttConfig;

/** Who a username and password on the broker are: the hub's own account, a device with a live credential, or no one. */
@ApplicationScoped
public class BrokerAccounts {

    /** The answer of {@link #check}. */
    public enum Account { HUB, DEVICE, NONE }

    private final MqttConfig mqtt;
    private final DeviceCredentials credentials;

    BrokerAccounts(MqttConfig mqtt, DeviceCredentials credentials) {
        this.mqtt = mqtt;
        this.credentials = credentials;
    }

    /** Checks the pair; throws when the registry cannot be read, so that the caller refuses (fails closed). */
    public Account check(String username, String password) throws SQLException {
        if (username == null || password == null) {
            return Account.NONE;
        }
        if (isHub(username) && mqtt.password().filter(hub -> MessageDigest.isEqual(
                hub.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))).isPresent()) {
            return Account.HUB;
        }
        return DeviceId.isValid(username) && credentials.matches(username, password) ? Account.DEVICE : Account.NONE;
    }

    /** Whether the username is the hub's own account. */
    public boolean isHub(String username) {
        return mqtt.username().filter(hub -> hub.equals(username)).isPresent();
    }
}
