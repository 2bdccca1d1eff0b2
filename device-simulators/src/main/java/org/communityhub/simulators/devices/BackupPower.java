package org.communityhub.simulators.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mains with a backup battery, as parcel lockers and broadcast units have: the mains fail now and
 * then on their own (for about two hours) or with the area's (a scenario's power loss); meanwhile
 * the battery runs down, and afterwards it recharges.
 */
final class BackupPower {

    private final double drainPctPerDay;
    private double battery = 100;
    private boolean ownFailure;
    private boolean mains = true;

    BackupPower(double drainPctPerDay) {
        this.drainPctPerDay = drainPctPerDay;
    }

    /** Advances by one interval. */
    void step(Tick tick, double failuresPerDay) {
        ownFailure = ownFailure ? !tick.happens(12) : tick.happens(failuresPerDay);
        mains = tick.mains() && !ownFailure;
        battery = mains ? Math.min(100, battery + 200 * tick.days()) : Math.max(0, battery - drainPctPerDay * tick.days());
    }

    /** Puts the contract's {@code power} (MAINS or BATTERY) and {@code batteryPct} into a reading. */
    void report(ObjectNode reading) {
        reading.put("power", mains ? "MAINS" : "BATTERY").put("batteryPct", Math.round(battery));
    }
}
