package org.communityhub.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes a stream of kiosk heartbeats at QoS 1 as a well-behaved device gateway does: a
 * persistent session, automatic reconnection, messages kept while disconnected and re-sent until
 * the broker acknowledges each one. Message {@code n} goes to device {@code n % devices} with
 * {@code seq = seqOffset + n / devices}, and {@code perSecond} 0 publishes as fast as the broker takes it.
 */
public final class StreamPublisher implements AutoCloseable {

    private final MqttAsyncClient client;
    private final List<String> devices;
    private final int total;
    private final int perSecond;
    private final long seqOffset;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final Semaphore window = new Semaphore(200);
    private final CompletableFuture<Void> sent = new CompletableFuture<>();

    public StreamPublisher(String brokerUrl, List<String> devices, int total, int perSecond) throws MqttException {
        this(brokerUrl, devices, total, perSecond, 0);
    }

    public StreamPublisher(String brokerUrl, List<String> devices, int total, int perSecond, long seqOffset)
            throws MqttException {
        this.seqOffset = seqOffset;
        this.devices = devices;
        this.total = total;
        this.perSecond = perSecond;
        this.client = new MqttAsyncClient(brokerUrl, "stream-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1000);
        options.setMaxInflight(200);
        client.connect(options).waitForCompletion(10_000);
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(total);
        client.setBufferOpts(buffer);
    }

    /** Starts publishing on its own thread. */
    public StreamPublisher start() {
        Thread thread = new Thread(this::publishAll, "stream-publisher");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public int acknowledged() {
        return acknowledged.get();
    }

    /** Waits until the broker acknowledged every message. */
    public void awaitAcknowledged(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (acknowledged.get() < total) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the broker acknowledged " + acknowledged.get() + " of " + total + " messages");
            }
            if (sent.isCompletedExceptionally()) {
                sent.join();
            }
            Thread.sleep(50);
        }
    }

    private void publishAll() {
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        try {
            for (int n = 0; n < total; n++) {
                if (perSecond > 0) {
                    long due = start + (long) n * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                String device = devices.get(n % devices.size());
                long seq = seqOffset + n / devices.size();
                String payload = "{\"ts\":" + (now - total + n) + ",\"seq\":" + seq + ",\"serviceState\":\"IN_SERVICE\"}";
                window.acquire();
                publish(device, payload);
            }
            sent.complete(null);
        } catch (InterruptedException | MqttException e) {
            sent.completeExceptionally(e);
        }
    }

    private void publish(String device, String payload) throws MqttException, InterruptedException {
        while (true) {
            try {
                client.publish("hub/v1/" + device + "/telemetry", payload.getBytes(StandardCharsets.UTF_8), 1, false,
                        null, new IMqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                acknowledged.incrementAndGet();
                                window.release();
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable cause) {
                                // a lost connection: Paho re-sends it after reconnecting (persistent session)
                            }
                        });
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT
                        && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
