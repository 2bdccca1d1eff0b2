package org.communityhub.simulators;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Publishes one message as one device, at QoS 1, and waits for the broker's PUBACK. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Publish one JSON payload as a device and wait for its acknowledgement.")
final class Send implements Callable<Integer> {

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "broker URL (default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--device", required = true, description = "device id: MQTT username and topic level")
    String device;

    @Option(names = "--device-password", defaultValue = "${env:HUB_DEVICE_PASSWORD}",
            description = "the device's MQTT password from POST /api/v1/devices/{id}/credentials (default: $HUB_DEVICE_PASSWORD)")
    String password;

    @Option(names = "--channel", defaultValue = "telemetry", description = "telemetry, event or status (default ${DEFAULT-VALUE})")
    String channel;

    @Parameters(index = "0", description = "the payload, e.g. '{\"ts\":1767225600000,\"seq\":0,\"printer\":\"OK\"}'")
    String payload;

    @Override
    public Integer call() throws Exception {
        if (!"status".equals(channel)) {
            new ObjectMapper().readTree(payload); // refuse to send what is not JSON by accident
        }
        MqttClient client = new MqttClient(broker, device + "-send-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(device);
        if (password != null && !password.isEmpty()) {
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        try {
            client.publish(Topics.of(device, channel), payload.getBytes(StandardCharsets.UTF_8), 1, false);
            System.out.println("acknowledged: " + Topics.of(device, channel));
            return 0;
        } finally {
            client.disconnect();
            client.close();
        }
    }
}
