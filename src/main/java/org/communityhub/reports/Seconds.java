package org.communityhub.reports;

import java.math.BigDecimal;

/** Time the database counted in microseconds, reported as exact decimal seconds. */
final class Seconds {

    private Seconds() {
    }

    static BigDecimal of(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    /** {@code part} ÷ {@code whole} in percent; null when {@code whole} is zero (nothing was observed). */
    static Double percent(long part, long whole) {
        return whole == 0 ? null : 100.0 * part / whole;
    }
}
