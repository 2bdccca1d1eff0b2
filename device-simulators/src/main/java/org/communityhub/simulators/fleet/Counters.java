package org.communityhub.simulators.fleet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.communityhub.simulators.devices.Malformed;
import org.communityhub.simulators.devices.Message;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;

/** What a fleet run sent, what the broker acknowledged, and what failed; thread-safe. */
final class Counters {

    final AtomicLong telemetry = new AtomicLong();
    final AtomicLong readings = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong statuses = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong connects = new AtomicLong();
    private final AtomicLongArray malformed = new AtomicLongArray(Malformed.values().length);

    /** Counts a message as sent; the listener counts its acknowledgement. */
    IMqttActionListener sent(Message message) {
        if (!message.good()) {
            malformed.incrementAndGet(message.malformed().ordinal());
        } else if (message.topic().endsWith("/telemetry")) {
            telemetry.incrementAndGet();
            readings.addAndGet(message.payload()[0] == '[' ? countReadings(message.payload()) : 1);
        } else if (message.topic().endsWith("/event")) {
            events.incrementAndGet();
        } else {
            statuses.incrementAndGet();
        }
        return listener;
    }

    long sent() {
        long n = telemetry.get() + events.get() + statuses.get();
        for (int i = 0; i < malformed.length(); i++) {
            n += malformed.get(i);
        }
        return n;
    }

    Map<Malformed, Long> malformed() {
        Map<Malformed, Long> counts = new EnumMap<>(Malformed.class);
        for (Malformed kind : Malformed.values()) {
            if (malformed.get(kind.ordinal()) > 0) {
                counts.put(kind, malformed.get(kind.ordinal()));
            }
        }
        return counts;
    }

    ObjectNode json() {
        ObjectNode node = JsonNodeFactory.instance.objectNode()
                .put("telemetryMessages", telemetry.get()).put("readings", readings.get()).put("events", events.get())
                .put("statusMessages", statuses.get()).put("acknowledged", acknowledged.get()).put("errors", errors.get())
                .put("connects", connects.get());
        ObjectNode bad = node.putObject("malformed");
        malformed().forEach((kind, n) -> bad.put(kind.name(), n));
        return node;
    }

    private final IMqttActionListener listener = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            acknowledged.incrementAndGet();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            errors.incrementAndGet();
        }
    };

    /** Readings in a JSON array of flat objects: the objects' opening braces. */
    private static long countReadings(byte[] payload) {
        long n = 0;
        for (byte b : payload) {
            n += b == '{' ? 1 : 0;
        }
        return n;
    }
}
