package org.communityhub.simulators;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A plain QoS 1 subscriber that counts: what the broker alone delivers, for the benchmarks. */
@Command(name = "subscribe", mixinStandardHelpOptions = true,
        description = "Subscribe at QoS 1 and report messages per second until the stream has been idle a while.")
final class Subscribe implements Callable<Integer> {

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "broker URL (default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--topic", defaultValue = "hub/v1/+/telemetry", description = "topic filter (default ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--idle", defaultValue = "3", description = "stop after this many seconds without a message (default ${DEFAULT-VALUE})")
    int idle;

    @Option(names = "--max-seconds", defaultValue = "600", description = "stop after this many seconds at the latest")
    int maxSeconds;

    @Override
    public Integer call() throws Exception {
        AtomicLong received = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        MqttAsyncClient client = new MqttAsyncClient(broker, "count-" + ProcessHandle.current().pid(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setSocketFactory(new BufferedSockets());
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(topic, 1, (t, message) -> {
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            last.set(now);
            received.incrementAndGet();
        }).waitForCompletion(10_000);
        System.out.println("subscribed to " + topic);
        long start = System.nanoTime();
        long previous = 0;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(maxSeconds)) {
            Thread.sleep(1000);
            long count = received.get();
            System.out.printf("received/s %7d  total %d%n", count - previous, count);
            previous = count;
            if (count > 0 && System.nanoTime() - last.get() > TimeUnit.SECONDS.toNanos(idle)) {
                break;
            }
        }
        client.disconnect().waitForCompletion(5_000);
        client.close();
        double seconds = (last.get() - first.get()) / 1e9;
        long rate = seconds > 0 ? Math.round(received.get() / seconds) : 0;
        System.out.printf("received %d messages in %.1f s: %d messages/s%n", received.get(), seconds, rate);
        return 0;
    }
}
