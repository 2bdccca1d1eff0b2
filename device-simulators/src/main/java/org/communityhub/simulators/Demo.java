package org.communityhub.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.communityhub.simulators.devices.DeviceClass;
import org.communityhub.simulators.fleet.Credentials;
import org.communityhub.simulators.fleet.DeviceList;
import org.communityhub.simulators.fleet.HubApi;
import org.communityhub.simulators.scenario.FleetSpec;
import org.communityhub.simulators.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The hub's own registered devices brought to life, such as the embedded mode's demo of Heilongjiang:
 * the hub issues each an MQTT password through its API, then they report, fail and alert as the
 * scenario's behaviour says while its timeline happens, until the run's time is up or Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Drive the devices registered in the hub (the embedded demo's 197): each gets an MQTT password from "
                + "the hub, then behaves as the scenario says (scenarios/demo-alive.yaml) while its timeline happens.")
final class Demo implements Callable<Integer> {

    @Parameters(index = "0", description = "the scenario: rates, time scale and timeline (its fleet is ignored)")
    Path file;

    @Option(names = "--area", description = "only the devices of this area subtree (default: every active device)")
    String area;

    @Mixin
    FleetOptions options;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = options.overriding(Scenario.read(file));
        if (!options.hub.hasPassword()) {
            throw new Scenario.InvalidScenarioException("demo asks the hub for the devices and their passwords: "
                    + "give the hub's API password (--password or HUB_ADMIN_PASSWORD)");
        }
        HubApi api = options.hub.api();
        List<FleetSpec.Device> devices = new ArrayList<>();
        for (JsonNode device : api.all("devices?state=ACTIVE" + (area == null ? "" : "&area=" + area))) {
            devices.add(new FleetSpec.Device(device.get("id").asText(), DeviceClass.valueOf(device.get("deviceClass").asText()),
                    device.get("areaCode").asText()));
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (FleetSpec.Device device : devices) {
            passwords.put(device.id(), api.issuePassword(device.id()));
        }
        System.out.printf("demo: %d devices of the hub, each with a new MQTT password%n", devices.size());
        Path dir = Files.createTempDirectory("hub-demo");
        options.devices = dir.resolve("devices.csv");
        options.credentials = dir.resolve("credentials.csv");
        DeviceList.write(options.devices, devices);
        Credentials.write(options.credentials, passwords);
        Duration length = scenario.duration() != null ? scenario.length(ZonedDateTime.now()) : Duration.ofDays(36_500);
        try {
            return options.run(scenario, length, true);
        } finally {
            Files.deleteIfExists(options.credentials);
            Files.deleteIfExists(options.devices);
            Files.deleteIfExists(dir);
        }
    }
}
