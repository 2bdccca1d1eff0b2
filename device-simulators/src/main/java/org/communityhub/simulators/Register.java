package org.communityhub.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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

/**
 * Makes a fleet known to the hub: creates the scenario's generated areas and devices through the
 * API (what exists already is left as it is), with {@code --credentials} has the hub issue each an
 * MQTT password, or, with {@code --export}, writes the devices the hub has registered to a CSV file
 * for {@code fleet --devices}.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Create a scenario's areas and devices in the hub, or export the hub's devices to CSV.")
final class Register implements Callable<Integer> {

    @Mixin
    HubOptions hub;

    @Option(names = "--scenario", description = "scenario file whose fleet to create (default: the built-in small fleet)")
    Path scenario;

    @Option(names = "--export", description = "instead of creating: write the hub's devices to this CSV file")
    Path export;

    @Option(names = "--area", description = "with --export: only devices under this area code")
    String area;

    @Option(names = "--credentials", description = "also have the hub issue each device an MQTT password (a new one "
            + "for a device that had one) and write them to this CSV file, for 'fleet'/'scenario --credentials'")
    Path credentials;

    @Override
    public Integer call() throws Exception {
        if (!hub.hasPassword()) {
            System.err.println("register needs the API password: --password or HUB_ADMIN_PASSWORD");
            return 2;
        }
        HubApi api = hub.api();
        if (export != null) {
            List<FleetSpec.Device> devices = new ArrayList<>();
            for (JsonNode device : api.all("devices" + (area == null ? "" : "?area=" + area))) {
                if ("ACTIVE".equals(device.path("state").asText("ACTIVE"))) {
                    devices.add(new FleetSpec.Device(device.get("id").asText(),
                            DeviceClass.valueOf(device.get("deviceClass").asText()), device.get("areaCode").asText()));
                }
            }
            DeviceList.write(export, devices);
            System.out.printf("exported %d active devices to %s%n", devices.size(), export);
            return 0;
        }
        FleetSpec fleet = (scenario == null ? Scenario.defaults() : Scenario.read(scenario)).fleet();
        int areasCreated = 0;
        for (FleetSpec.Area area : fleet.areas()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", area.code());
            body.put("name", area.name());
            body.put("kind", area.kind());
            areasCreated += api.create("areas", body) == 201 ? 1 : 0;
        }
        int devicesCreated = 0;
        for (FleetSpec.Device device : fleet.devices()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", device.id());
            body.put("deviceClass", device.deviceClass().name());
            body.put("areaCode", device.areaCode());
            body.put("name", "simulated " + device.deviceClass().shortName + " " + device.id());
            body.put("model", "simulator");
            devicesCreated += api.create("devices", body) == 201 ? 1 : 0;
        }
        System.out.printf("areas: %d created, %d there already; devices: %d created, %d there already%n",
                areasCreated, fleet.areas().size() - areasCreated, devicesCreated, fleet.devices().size() - devicesCreated);
        if (credentials != null) {
            Map<String, String> passwords = new LinkedHashMap<>();
            for (FleetSpec.Device device : fleet.devices()) {
                passwords.put(device.id(), api.issuePassword(device.id()));
            }
            Credentials.write(credentials, passwords);
            System.out.printf("credentials: %d issued, written to %s%n", passwords.size(), credentials);
        }
        return 0;
    }
}
