package org.communityhub.simulators;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communityhub.simulators.devices.Malformed;
import org.communityhub.simulators.fleet.Credentials;
import org.communityhub.simulators.fleet.DeviceList;
import org.communityhub.simulators.fleet.FleetRun;
import org.communityhub.simulators.fleet.HubApi;
import org.communityhub.simulators.scenario.FleetSpec;
import org.communityhub.simulators.scenario.Moment;
import org.communityhub.simulators.scenario.Scenario;
import org.communityhub.simulators.scenario.Step;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code fleet} and {@code scenario} share: the broker, the devices, the run's length and its report. */
final class FleetOptions {

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "broker URL (default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--devices", description = "CSV of devices (id,deviceClass,areaCode), e.g. from 'register --export'; "
            + "default: the scenario's generated fleet")
    Path devices;

    @Option(names = "--credentials", description = "CSV of device passwords (id,password) from 'register --credentials': "
            + "each device signs in with its own (a broker that enforces them, such as the hub's embedded one, needs it)")
    Path credentials;

    @Option(names = "--shared-connections", defaultValue = "0",
            description = "0: a connection per device, with its will (default); N: all devices over N connections")
    int sharedConnections;

    @Option(names = "--duration", description = "how long to run, e.g. 90s, 10m, 2h (default: the scenario's)")
    String duration;

    @Option(names = "--time-scale", description = "simulated seconds per real second (default: the scenario's, else 1)")
    Double timeScale;

    @Option(names = "--seed", description = "random seed (default: the scenario's)")
    Long seed;

    @Option(names = "--progress", defaultValue = "10s", description = "how often to print progress (default ${DEFAULT-VALUE})")
    String progress;

    @Option(names = "--result", description = "write the run's figures as JSON to this file")
    Path result;

    /** The hub's API, for broadcast steps. */
    @Mixin
    HubOptions hub;

    /** {@code scenario} with this command line's overrides. */
    Scenario overriding(Scenario scenario) {
        return new Scenario(seed != null ? seed : scenario.seed(), timeScale != null ? timeScale : scenario.timeScale(),
                duration != null ? duration : scenario.duration(), scenario.malformedShare(), scenario.malformedKinds(),
                scenario.fleet(), scenario.behaviour(), scenario.timeline());
    }

    /** Runs the fleet for {@code length}, with the timeline or without; the exit code is 0 unless publishing failed. */
    int run(Scenario scenario, Duration length, boolean timeline) throws Exception {
        Map<String, String> passwords = credentials == null ? Map.of() : Credentials.read(credentials);
        if (!passwords.isEmpty() && scenario.malformedKinds().contains(Malformed.UNKNOWN_DEVICE)) {
            // a broker that enforces credentials refuses a device publishing under another id (HiveMQ
            // even drops its connection): that fault is the broker's to stop, not the hub's to record
            System.out.println("credentials in use: no UNKNOWN_DEVICE faults (the broker refuses them)");
            scenario = new Scenario(scenario.seed(), scenario.timeScale(), scenario.duration(), scenario.malformedShare(),
                    scenario.malformedKinds().stream().filter(kind -> kind != Malformed.UNKNOWN_DEVICE).toList(),
                    scenario.fleet(), scenario.behaviour(), scenario.timeline());
        }
        List<FleetSpec.Device> fleet = devices != null ? DeviceList.read(devices) : scenario.fleet().devices();
        System.out.printf("fleet of %d devices, seed %d, time scale %s, for %s%s%n", fleet.size(), scenario.seed(),
                scenario.timeScale(), length, timeline ? ", timeline of " + scenario.timeline().size() + " steps" : "");
        HubApi api = null;
        if (timeline && scenario.timeline().stream().anyMatch(step -> step.action() == Step.Action.BROADCAST)) {
            if (!hub.hasPassword()) {
                throw new Scenario.InvalidScenarioException(
                        "the timeline has broadcast steps: give the hub's API password (--password or HUB_ADMIN_PASSWORD)");
            }
            api = hub.api();
        }
        ObjectNode figures = new FleetRun(scenario, fleet, broker, sharedConnections, passwords, api)
                .run(length, timeline, Moment.duration(progress), System.out);
        System.out.println(figures.toPrettyString());
        if (result != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(result.toFile(), figures);
        }
        return figures.get("errors").asLong() == 0 ? 0 : 1;
    }

    static Scenario read(Path file) throws IOException {
        return file == null ? Scenario.defaults() : Scenario.read(file);
    }
}
