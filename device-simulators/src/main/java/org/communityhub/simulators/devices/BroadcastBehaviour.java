package org.communityhub.simulators.devices;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A public emergency broadcast unit: a self-test every 7 days (the first at a random point of the
 * first week), which fails while the amplifier is faulty and now and then for other reasons;
 * announcements start and end; on a mains failure it runs on its battery.
 */
public final class BroadcastBehaviour implements Behaviour {

    private static final double SELF_TEST_DAYS = 7;

    private final Rates.BroadcastUnit rates;
    private double untilSelfTest = Double.NaN;
    private boolean amplifierFault;
    private boolean playing;
    private final BackupPower power = new BackupPower(50);

    BroadcastBehaviour(Rates.BroadcastUnit rates) {
        this.rates = rates;
    }

    @Override
    public void report(Tick tick, ObjectNode reading) {
        amplifierFault = amplifierFault ? !tick.happens(1) : tick.happens(rates.amplifierFaultsPerDay());
        power.step(tick, rates.powerLossesPerDay());
        reading.put("amplifier", amplifierFault ? "FAULT" : "OK")
                .put("speakerOhms", amplifierFault ? 0.4 : tick.around(8, 0.2))
                .put("volumePct", playing ? 80 : 0);
        power.report(reading);
    }

    @Override
    public List<ObjectNode> events(Tick tick) {
        List<ObjectNode> events = new ArrayList<>();
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (Double.isNaN(untilSelfTest)) {
            untilSelfTest = tick.random().nextDouble() * SELF_TEST_DAYS;
        }
        untilSelfTest -= tick.days();
        if (untilSelfTest <= 0) {
            untilSelfTest += SELF_TEST_DAYS;
            boolean passed = !amplifierFault && tick.random().nextDouble() >= rates.selfTestFailureShare();
            ObjectNode selfTest = json.objectNode().put("type", "SELF_TEST").put("passed", passed);
            if (!passed) {
                selfTest.put("details", amplifierFault ? "amplifier output open circuit" : "speaker line impedance out of range");
            }
            events.add(selfTest);
        }
        if (playing && tick.happens(48)) { // announcements last about half an hour
            playing = false;
            events.add(json.objectNode().put("type", "PLAYBACK_ENDED"));
        } else if (!playing && tick.happens(rates.playbacksPerDay())) {
            playing = true;
            events.add(json.objectNode().put("type", "PLAYBACK_STARTED"));
        }
        return events;
    }
}
