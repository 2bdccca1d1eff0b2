package org.communityhub.simulators.devices;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A smart parcel locker: couriers fill compartments by day, residents empty them, parcels left over
 * 48 hours are overdue; doors are forced or left open, the case is tampered with; on a mains
 * failure it runs on its battery.
 */
public final class LockerBehaviour implements Behaviour {

    private static final double OVERDUE_DAYS = 2;

    private final Rates.ParcelLocker rates;
    /** The age in days of each parcel held. */
    private final List<Double> parcels = new ArrayList<>();
    private final BackupPower power = new BackupPower(100);

    LockerBehaviour(Rates.ParcelLocker rates) {
        this.rates = rates;
    }

    @Override
    public void report(Tick tick, ObjectNode reading) {
        parcels.replaceAll(age -> age + tick.days());
        parcels.removeIf(age -> tick.happens(24 / rates.pickupHours()));
        if (tick.daytime()) {
            int delivered = KioskBehaviour.poisson(tick, rates.deliveriesPerHour() * tick.days() * 24);
            for (int i = 0; i < delivered && parcels.size() < rates.compartments(); i++) {
                parcels.add(0.0);
            }
        }
        power.step(tick, rates.powerLossesPerDay());
        reading.put("compartmentsTotal", rates.compartments())
                .put("compartmentsOccupied", parcels.size())
                .put("overdueParcels", parcels.stream().filter(age -> age > OVERDUE_DAYS).count())
                .put("temperatureC", tick.around(tick.daytime() ? 5 : -5, 3));
        power.report(reading);
    }

    @Override
    public List<ObjectNode> events(Tick tick) {
        List<ObjectNode> events = new ArrayList<>();
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (tick.happens(rates.doorsForcedPerDay())) {
            events.add(json.objectNode().put("type", "DOOR_FORCED"));
        }
        if (tick.happens(rates.doorsLeftOpenPerDay())) {
            events.add(json.objectNode().put("type", "DOOR_LEFT_OPEN")
                    .put("compartment", 1 + tick.random().nextInt(rates.compartments())));
        }
        if (tick.happens(rates.tampersPerDay())) {
            events.add(json.objectNode().put("type", "TAMPER"));
        }
        return events;
    }
}
