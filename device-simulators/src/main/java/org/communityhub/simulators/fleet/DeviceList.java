package org.communityhub.simulators.fleet;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.communityhub.simulators.devices.DeviceClass;
import org.communityhub.simulators.scenario.FleetSpec;

/**
 * A fleet as a CSV file ({@code id,deviceClass,areaCode}, with that header): what {@code register
 * --export} writes from the hub's registry and {@code fleet --devices} reads.
 */
public final class DeviceList {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader("id", "deviceClass", "areaCode").setSkipHeaderRecord(true).get();

    private DeviceList() {
    }

    public static List<FleetSpec.Device> read(Path file) throws IOException {
        List<FleetSpec.Device> devices = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (CSVRecord row : FORMAT.parse(reader)) {
                try {
                    devices.add(new FleetSpec.Device(row.get("id"), DeviceClass.valueOf(row.get("deviceClass")),
                            row.get("areaCode")));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new IOException(file + ":" + (row.getRecordNumber() + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return devices;
    }

    public static void write(Path file, List<FleetSpec.Device> devices) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file);
                CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                        .setHeader("id", "deviceClass", "areaCode").get())) {
            for (FleetSpec.Device device : devices) {
                printer.printRecord(device.id(), device.deviceClass(), device.areaCode());
            }
        }
    }
}
