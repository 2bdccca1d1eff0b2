package org.communityhub.embedded;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.MqttActivity;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.PermissionType;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.communityhub.security.broker.BrokerAccounts;
import org.communityhub.security.broker.DeviceCredentials;
import org.communityhub.security.broker.DeviceTopics;
import org.jboss.logging.Logger;

/**
 * The embedded broker's authentication and authorization, as a HiveMQ extension that asks the
 * registry directly: a device connects with its id as username and its hub-issued password, and may
 * then only publish on {@code hub/v1/<own id>/…} and subscribe to its own {@code command} topic; the
 * hub's own account may use {@code hub/#}. Anything else, and any failure to check, is refused: the
 * check fails closed. A revoked device is disconnected at once.
 */
@ApplicationScoped
public class BrokerAuthentication implements SimpleAuthenticator {

    private static final Logger LOG = Logger.getLogger(BrokerAuthentication.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final DeviceCredentials credentials;
    private final BrokerAccounts accounts;
    /** Password checks run here, off HiveMQ's threads: each is a registry query and a PBKDF2. */
    private final ExecutorService checks = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "hub-broker-auth");
        thread.setDaemon(true);
        return thread;
    });
    /** Client id to device id of the clients this broker let in, so that a revocation can find them. */
    private final Map<String, String> connected = new ConcurrentHashMap<>();

    BrokerAuthentication(DeviceCredentials credentials, BrokerAccounts accounts) {
        this.credentials = credentials;
        this.accounts = accounts;
    }

    EmbeddedExtension extension() {
        return EmbeddedExtension.builder().withId("community-iot-hub-auth").withName("Community IoT Hub registry auth")
                .withVersion("1").withPriority(1000).withStartPriority(1000)
                .withExtensionMain(new ExtensionMain() {
                    @Override
                    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
                        Services.securityRegistry().setAuthenticatorProvider(provider -> BrokerAuthentication.this);
                    }

                    @Override
                    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
                        // nothing held
                    }
                }).build();
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String username = input.getConnectPacket().getUserName().orElse(null);
        String password = input.getConnectPacket().getPassword().map(BrokerAuthentication::text).orElse(null);
        String clientId = input.getClientInformation().getClientId();
        if (username == null || password == null) {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "a username and a password are required");
            return;
        }
        Async<SimpleAuthOutput> async = output.async(CHECK_TIMEOUT, TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_UNAVAILABLE, "the credential check timed out");
        checks.execute(() -> {
            try {
                BrokerAccounts.Account account = accounts.check(username, password);
                if (account == BrokerAccounts.Account.HUB) {
                    allow(output, List.of(permission(DeviceTopics.HUB_FILTER, MqttActivity.ALL)));
                } else if (account == BrokerAccounts.Account.DEVICE) {
                    connected.put(clientId, username);
                    allow(output, devicePermissions(username));
                } else {
                    output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong username or password");
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("broker: could not check device %s's credential, refused: %s", username, e.toString());
                output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "the credential could not be checked");
            } finally {
                async.resume();
            }
        });
    }

    /** Disconnects the clients of a device whose credential is no longer live. */
    void onChange(@ObservesAsync DeviceCredentials.Changed change) {
        try {
            if (credentials.liveHash(change.deviceId()).isPresent()) {
                return;
            }
        } catch (SQLException e) {
            LOG.warnf("broker: could not read device %s's credential; disconnecting it", change.deviceId());
        }
        connected.forEach((clientId, deviceId) -> {
            if (deviceId.equals(change.deviceId())) {
                connected.remove(clientId);
                Services.clientService().disconnectClient(clientId);
            }
        });
    }

    private static List<TopicPermission> devicePermissions(String deviceId) {
        return java.util.stream.Stream.concat(
                DeviceTopics.PUBLISH.stream().map(channel -> permission(DeviceTopics.of(deviceId, channel), MqttActivity.PUBLISH)),
                DeviceTopics.SUBSCRIBE.stream().map(channel -> permission(DeviceTopics.of(deviceId, channel), MqttActivity.SUBSCRIBE)))
                .toList();
    }

    private static void allow(SimpleAuthOutput output, List<TopicPermission> permissions) {
        output.getDefaultPermissions().addAll(permissions);
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        output.authenticateSuccessfully();
    }

    private static TopicPermission permission(String filter, MqttActivity activity) {
        return Builders.topicPermission().topicFilter(filter).type(PermissionType.ALLOW).activity(activity).build();
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
