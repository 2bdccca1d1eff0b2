package org.communityhub.simulators.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A self-service kiosk: transactions in opening hours print receipts until the paper runs low and
 * out; the printer jams, the card reader fails, the screen fails (out of service) or a technician
 * takes it into maintenance; every fault is repaired after a while. Without mains it is off.
 */
public final class KioskBehaviour implements Behaviour {

    private final Rates.Kiosk rates;
    private int paper;
    private boolean jammed;
    private boolean cardReaderFault;
    private String serviceState = "IN_SERVICE";
    private double cpuTemp = 45;
    private double diskFree = 70;

    KioskBehaviour(Rates.Kiosk rates) {
        this.rates = rates;
        this.paper = rates.paperSheets();
    }

    @Override
    public void report(Tick tick, ObjectNode reading) {
        double repairsPerDay = 24 / rates.repairHours();
        int transactions = 0;
        if (tick.daytime() && "IN_SERVICE".equals(serviceState)) {
            transactions = poisson(tick, rates.transactionsPerHour() * tick.days() * 24);
        }
        if (!jammed && paper > 0) {
            paper = Math.max(0, paper - transactions);
        }
        if (paper < rates.paperSheets() * 0.15 && tick.happens(repairsPerDay)) {
            paper = rates.paperSheets();
        }
        jammed = jammed ? !tick.happens(repairsPerDay) : tick.happens(rates.jamsPerDay());
        cardReaderFault = cardReaderFault ? !tick.happens(repairsPerDay) : tick.happens(rates.cardReaderFaultsPerDay());
        if (!"IN_SERVICE".equals(serviceState)) {
            serviceState = tick.happens(repairsPerDay) ? "IN_SERVICE" : serviceState;
        } else if (tick.happens(rates.outOfServicePerDay())) {
            serviceState = tick.random().nextBoolean() ? "OUT_OF_SERVICE" : "MAINTENANCE";
        }
        cpuTemp = Math.max(30, Math.min(90, cpuTemp + tick.random().nextGaussian() + (transactions > 0 ? 0.5 : -0.5)));
        diskFree = Math.max(1, diskFree - tick.random().nextDouble() * 0.01);
        reading.put("serviceState", serviceState)
                .put("printer", printer())
                .put("cardReader", cardReaderFault ? "FAULT" : "OK")
                .put("screen", "OUT_OF_SERVICE".equals(serviceState) ? "FAULT" : "OK")
                .put("cpuTempC", Math.round(cpuTemp * 10) / 10.0)
                .put("diskFreePct", Math.round(diskFree * 10) / 10.0)
                .put("networkLatencyMs", Math.max(1, Math.round(tick.around(35, 12))))
                .put("transactions", transactions);
    }

    @Override
    public List<ObjectNode> events(Tick tick) {
        return List.of(); // kiosks send no events in contract v1
    }

    private String printer() {
        if (jammed) {
            return "JAM";
        }
        if (paper == 0) {
            return "PAPER_OUT";
        }
        return paper < rates.paperSheets() * 0.15 ? "PAPER_LOW" : "OK";
    }

    /** Knuth's method; means here stay small (transactions in one interval). */
    static int poisson(Tick tick, double mean) {
        double limit = Math.exp(-Math.min(mean, 500));
        int k = 0;
        for (double p = tick.random().nextDouble(); p > limit; p *= tick.random().nextDouble()) {
            k++;
        }
        return k;
    }
}
