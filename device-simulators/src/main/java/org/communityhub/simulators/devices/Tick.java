package org.communityhub.simulators.devices;

import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * One reporting interval of a device: the device's clock at its end, the simulated time it covers,
 * whether the mains are on, and the device's own random source (seeded, so runs repeat).
 */
public record Tick(Instant now, double days, boolean mains, RandomGenerator random) {

    /** Whether something that happens {@code perDay} times a day on average happens in this interval. */
    public boolean happens(double perDay) {
        return perDay > 0 && random.nextDouble() < 1 - Math.exp(-perDay * days);
    }

    /** Whether the device's local time (China Standard Time) is between 08:00 and 20:00. */
    public boolean daytime() {
        int hour = now.atOffset(java.time.ZoneOffset.ofHours(8)).getHour();
        return hour >= 8 && hour < 20;
    }

    /** A normally distributed value, rounded to one decimal. */
    public double around(double mean, double deviation) {
        return Math.round((mean + random.nextGaussian() * deviation) * 10) / 10.0;
    }
}
