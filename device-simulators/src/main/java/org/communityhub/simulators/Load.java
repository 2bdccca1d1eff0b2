package org.communityhub.simulators;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Publishes kiosk heartbeats as fast as asked, from many devices over a few connections, waiting
 * for every PUBACK (at QoS 1; at QoS 0, for every write); reports each second and writes a JSON
 * result. Message {@code n} of a run goes to device {@code n % devices}, with {@code seq = n / devices}.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Publish telemetry at a target rate (or as fast as possible) for a duration.")
final class Load implements Callable<Integer> {

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "broker URL (default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--devices", defaultValue = "1000", description = "number of devices (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--device-prefix", defaultValue = "load-kiosk-", description = "device ids are PREFIX + index (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--connections", defaultValue = "4", description = "MQTT connections (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--rate", defaultValue = "0", description = "messages per second in all; 0 = as fast as the broker acknowledges")
    int rate;

    @Option(names = "--duration", defaultValue = "30", description = "seconds to publish (default ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--window", defaultValue = "500", description = "unacknowledged messages per connection (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--qos", defaultValue = "1", description = "QoS of every publish, 0 or 1 (default ${DEFAULT-VALUE}); "
            + "QoS 0 has no in-flight limit at the broker, which makes it a flood")
    int qos;

    @Option(names = "--seq-offset", defaultValue = "0", description = "added to every seq, so that runs do not repeat (default ${DEFAULT-VALUE})")
    long seqOffset;

    @Option(names = "--result", description = "write the result as JSON to this file")
    Path result;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        if (qos != 0 && qos != 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--qos must be 0 or 1, not " + qos);
        }
        List<Publisher> publishers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            publishers.add(new Publisher(c));
        }
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        List<Thread> threads = new ArrayList<>();
        for (Publisher publisher : publishers) {
            Thread thread = new Thread(() -> publisher.run(startMillis, start, end), "load-" + publisher.index);
            thread.start();
            threads.add(thread);
        }
        ArrayNode perSecond = new ObjectMapper().createArrayNode();
        long lastSent = 0;
        long lastAcked = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(1000);
            long s = sent.get();
            long a = acknowledged.get();
            System.out.printf("%5ds  sent/s %7d  acknowledged/s %7d  errors %d  connections %d%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), s - lastSent, a - lastAcked,
                    errors.get(), publishers.stream().filter(p -> p.client.isConnected()).count());
            perSecond.add(a - lastAcked);
            lastSent = s;
            lastAcked = a;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Publisher publisher : publishers) {
            publisher.close();
        }
        ObjectNode summary = new ObjectMapper().createObjectNode()
                .put("broker", broker).put("devices", devices).put("connections", connections)
                .put("targetRate", rate).put("seconds", Math.round(seconds * 10) / 10.0)
                .put("sent", sent.get()).put("acknowledged", acknowledged.get()).put("errors", errors.get())
                .put("acknowledgedPerSecond", Math.round(acknowledged.get() / seconds));
        summary.set("acknowledgedEachSecond", perSecond);
        System.out.println();
        System.out.printf("%-12s %12s %14s %8s %9s %16s%n", "connections", "sent", "acknowledged", "errors", "seconds",
                "acknowledged/s");
        System.out.printf("%-12d %12d %14d %8d %9.1f %16d%n", connections, sent.get(), acknowledged.get(), errors.get(),
                seconds, Math.round(acknowledged.get() / seconds));
        System.out.printf("sent %d, acknowledged %d, errors %d in %.1f s: %d messages/s acknowledged%n",
                sent.get(), acknowledged.get(), errors.get(), seconds, Math.round(acknowledged.get() / seconds));
        if (result != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(result.toFile(), summary);
        }
        return errors.get() == 0 && acknowledged.get() == sent.get() ? 0 : 1;
    }

    /** One connection publishing every {@code connections}-th message. */
    private final class Publisher {
        final int index;
        final MqttAsyncClient client;
        final Semaphore inFlight = new Semaphore(window);

        Publisher(int index) throws MqttException {
            this.index = index;
            this.client = new MqttAsyncClient(broker, "load-" + ProcessHandle.current().pid() + "-" + index,
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(window);
            options.setSocketFactory(new BufferedSockets());
            options.setKeepAliveInterval(30);
            client.connect(options).waitForCompletion(10_000);
        }

        /** {@code startMillis} is the wall clock at {@code start}: each message's ts is its publish time. */
        void run(long startMillis, long start, long end) {
            IMqttActionListener listener = new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acknowledged.incrementAndGet();
                    inFlight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    errors.incrementAndGet();
                    inFlight.release();
                }
            };
            double perConnection = rate / (double) connections;
            for (long n = index; System.nanoTime() < end; n += connections) {
                long k = n / connections;
                if (rate > 0) {
                    long due = start + (long) (k * 1e9 / perConnection);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleep(wait);
                    }
                }
                int device = (int) (n % devices);
                long seq = seqOffset + n / devices;
                String payload = "{\"ts\":" + (startMillis + (System.nanoTime() - start) / 1_000_000) + ",\"seq\":" + seq
                        + ",\"serviceState\":\"IN_SERVICE\",\"printer\":\"OK\",\"cardReader\":\"OK\",\"screen\":\"OK\","
                        + "\"cpuTempC\":47.5,\"diskFreePct\":62,\"networkLatencyMs\":31,\"transactions\":3}";
                try {
                    inFlight.acquire();
                    client.publish(Topics.of(prefix + device, "telemetry"), payload.getBytes(StandardCharsets.UTF_8), qos,
                            false, null, listener);
                    sent.incrementAndGet();
                } catch (MqttException e) {
                    errors.incrementAndGet();
                    inFlight.release();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                inFlight.tryAcquire(window, 60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() throws MqttException {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }

        private void sleep(long nanos) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
