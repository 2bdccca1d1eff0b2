package org.communityhub.simulators.devices;

/**
 * How often things happen to the simulated devices, per device and per day unless named otherwise:
 * the {@code behaviour} section of a scenario file. Every value has a default, so a file names only
 * what it changes.
 */
public record Rates(Kiosk kiosk, ParcelLocker parcelLocker, BroadcastUnit broadcastUnit, ElderAlert elderAlert) {

    public Rates {
        kiosk = kiosk == null ? new Kiosk(null, null, null, null, null, null) : kiosk;
        parcelLocker = parcelLocker == null ? new ParcelLocker(null, null, null, null, null, null, null) : parcelLocker;
        broadcastUnit = broadcastUnit == null ? new BroadcastUnit(null, null, null, null, null, null) : broadcastUnit;
        elderAlert = elderAlert == null ? new ElderAlert(null, null, null, null, null, null, null, null) : elderAlert;
    }

    /** The defaults of every class. */
    public static Rates defaults() {
        return new Rates(null, null, null, null);
    }

    /**
     * @param transactionsPerHour  mean transactions in opening hours (08:00–20:00); each prints one receipt
     * @param paperSheets          sheets in a full paper roll; PAPER_LOW below 15 % of it, PAPER_OUT at none
     * @param jamsPerDay           printer jams
     * @param cardReaderFaultsPerDay card reader faults
     * @param outOfServicePerDay   times the kiosk goes OUT_OF_SERVICE (screen fault) or into MAINTENANCE
     * @param repairHours          mean time until a fault is repaired or paper refilled
     */
    public record Kiosk(Double transactionsPerHour, Integer paperSheets, Double jamsPerDay, Double cardReaderFaultsPerDay,
            Double outOfServicePerDay, Double repairHours) {
        public Kiosk {
            transactionsPerHour = positive("transactionsPerHour", transactionsPerHour, 6.0);
            paperSheets = count("paperSheets", paperSheets, 300);
            jamsPerDay = positive("jamsPerDay", jamsPerDay, 0.2);
            cardReaderFaultsPerDay = positive("cardReaderFaultsPerDay", cardReaderFaultsPerDay, 0.05);
            outOfServicePerDay = positive("outOfServicePerDay", outOfServicePerDay, 0.05);
            repairHours = positive("repairHours", repairHours, 4.0);
        }
    }

    /**
     * @param compartments         compartments of a locker
     * @param deliveriesPerHour    parcels put in per hour in the daytime; each is picked up within pickupHours on average
     * @param pickupHours          mean time a parcel waits; one waiting over 48 h is overdue
     * @param doorsForcedPerDay    DOOR_FORCED events
     * @param doorsLeftOpenPerDay  DOOR_LEFT_OPEN events
     * @param tampersPerDay        TAMPER events
     * @param powerLossesPerDay    mains failures of the locker alone, lasting about two hours
     */
    public record ParcelLocker(Integer compartments, Double deliveriesPerHour, Double pickupHours, Double doorsForcedPerDay,
            Double doorsLeftOpenPerDay, Double tampersPerDay, Double powerLossesPerDay) {
        public ParcelLocker {
            compartments = count("compartments", compartments, 48);
            deliveriesPerHour = positive("deliveriesPerHour", deliveriesPerHour, 2.0);
            pickupHours = positive("pickupHours", pickupHours, 20.0);
            doorsForcedPerDay = positive("doorsForcedPerDay", doorsForcedPerDay, 0.01);
            doorsLeftOpenPerDay = positive("doorsLeftOpenPerDay", doorsLeftOpenPerDay, 0.2);
            tampersPerDay = positive("tampersPerDay", tampersPerDay, 0.01);
            powerLossesPerDay = positive("powerLossesPerDay", powerLossesPerDay, 0.02);
        }
    }

    /**
     * @param selfTestFailureShare share of weekly self-tests that fail although the amplifier is fine
     * @param amplifierFaultsPerDay amplifier faults (they make self-tests fail until repaired, about a day later)
     * @param playbacksPerDay      announcements played (PLAYBACK_STARTED … PLAYBACK_ENDED)
     * @param powerLossesPerDay    mains failures of the unit alone, lasting about two hours
     * @param playFailureShare      share of the hub's PLAY commands a unit accepts and then fails
     * @param playSilenceShare      share of the hub's PLAY commands a unit never answers (nor plays)
     */
    public record BroadcastUnit(Double selfTestFailureShare, Double amplifierFaultsPerDay, Double playbacksPerDay,
            Double powerLossesPerDay, Double playFailureShare, Double playSilenceShare) {
        public BroadcastUnit {
            playFailureShare = share("playFailureShare", playFailureShare, 0.0);
            playSilenceShare = share("playSilenceShare", playSilenceShare, 0.0);
            selfTestFailureShare = share("selfTestFailureShare", selfTestFailureShare, 0.05);
            amplifierFaultsPerDay = positive("amplifierFaultsPerDay", amplifierFaultsPerDay, 0.01);
            playbacksPerDay = positive("playbacksPerDay", playbacksPerDay, 2.0);
            powerLossesPerDay = positive("powerLossesPerDay", powerLossesPerDay, 0.02);
        }
    }

    /**
     * @param sosPerDay             SOS button presses
     * @param fallsPerDay           falls detected
     * @param checkInsPerDay        "I am fine" presses
     * @param stillnessPerDay       spells of no movement for hours (by day or by night)
     * @param notWornPerDay         times the resident takes the device off for a few hours
     * @param batteryDrainPctPerDay battery used per day; LOW_BATTERY once it falls below 20 %
     * @param rechargeBelowPct      the resident recharges the device once it is below this
     * @param visitsPerDay          community workers' home visits, tapped on the device (VISIT)
     */
    public record ElderAlert(Double sosPerDay, Double fallsPerDay, Double checkInsPerDay, Double stillnessPerDay,
            Double notWornPerDay, Double batteryDrainPctPerDay, Double rechargeBelowPct, Double visitsPerDay) {
        public ElderAlert {
            sosPerDay = positive("sosPerDay", sosPerDay, 0.01);
            fallsPerDay = positive("fallsPerDay", fallsPerDay, 0.005);
            checkInsPerDay = positive("checkInsPerDay", checkInsPerDay, 1.0);
            stillnessPerDay = positive("stillnessPerDay", stillnessPerDay, 0.05);
            notWornPerDay = positive("notWornPerDay", notWornPerDay, 0.3);
            batteryDrainPctPerDay = positive("batteryDrainPctPerDay", batteryDrainPctPerDay, 8.0);
            rechargeBelowPct = percent("rechargeBelowPct", rechargeBelowPct, 10.0);
            visitsPerDay = positive("visitsPerDay", visitsPerDay, 0.07);
        }
    }

    private static Double positive(String name, Double value, double otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (!(value >= 0) || value.isInfinite()) {
            throw new IllegalArgumentException(name + " must be a number >= 0, not " + value);
        }
        return value;
    }

    private static Integer count(String name, Integer value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }

    private static Double share(String name, Double value, double otherwise) {
        return atMost(name, positive(name, value, otherwise), 1);
    }

    private static Double percent(String name, Double value, double otherwise) {
        return atMost(name, positive(name, value, otherwise), 100);
    }

    private static Double atMost(String name, Double value, double most) {
        if (value > most) {
            throw new IllegalArgumentException(name + " must be between 0 and " + (int) most + ", not " + value);
        }
        return value;
    }
}
