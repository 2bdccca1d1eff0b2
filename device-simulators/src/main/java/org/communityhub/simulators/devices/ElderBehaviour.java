package org.communityhub.simulators.devices;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alarm device of an elderly resident living alone: motion by day and less at night, spells of
 * stillness, the device taken off for a while, a battery that runs down and is recharged, and the
 * events that matter: SOS, falls, "I am fine" check-ins and low battery.
 */
public final class ElderBehaviour implements Behaviour {

    private static final double LOW_BATTERY_PCT = 20;

    private final Rates.ElderAlert rates;
    private double battery;
    private boolean worn = true;
    private double stillDays;
    private Instant lastMotion;
    private boolean lowBatteryPending;

    ElderBehaviour(Rates.ElderAlert rates) {
        this.rates = rates;
        this.battery = 100;
    }

    @Override
    public void report(Tick tick, ObjectNode reading) {
        worn = worn ? !tick.happens(rates.notWornPerDay()) : tick.happens(8); // taken off for about 3 hours
        if (stillDays > 0) {
            stillDays -= tick.days();
        } else if (tick.happens(rates.stillnessPerDay())) {
            stillDays = (2 + tick.random().nextDouble() * 6) / 24; // 2 to 8 hours without movement
        }
        boolean moved = worn && stillDays <= 0 && tick.random().nextDouble() < (tick.daytime() ? 0.9 : 0.2);
        if (moved || lastMotion == null) {
            lastMotion = tick.now().minusSeconds(tick.random().nextInt(60));
        }
        double before = battery;
        battery = Math.max(0, battery - rates.batteryDrainPctPerDay() * tick.days());
        lowBatteryPending |= before >= LOW_BATTERY_PCT && battery < LOW_BATTERY_PCT;
        if (battery < rates.rechargeBelowPct() && tick.happens(2)) {
            battery = 100;
        }
        reading.put("batteryPct", Math.round(battery * 10) / 10.0)
                .put("worn", worn)
                .put("lastMotionTs", lastMotion.toString());
        if (worn) {
            reading.put("heartRateBpm", Math.round(tick.around(moved ? 82 : 68, 6)));
        }
    }

    @Override
    public List<ObjectNode> events(Tick tick) {
        List<ObjectNode> events = new ArrayList<>();
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (tick.happens(rates.sosPerDay())) {
            events.add(json.objectNode().put("type", "SOS"));
        }
        if (worn && tick.happens(rates.fallsPerDay())) {
            events.add(json.objectNode().put("type", "FALL"));
        }
        if (tick.happens(rates.checkInsPerDay())) {
            events.add(json.objectNode().put("type", "CHECK_IN"));
        }
        if (tick.happens(rates.visitsPerDay())) {
            events.add(json.objectNode().put("type", "VISIT").put("visitor", "社区工作者"));
        }
        if (lowBatteryPending) {
            lowBatteryPending = false;
            events.add(json.objectNode().put("type", "LOW_BATTERY"));
        }
        return events;
    }
}
