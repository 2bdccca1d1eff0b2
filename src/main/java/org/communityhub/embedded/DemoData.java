package org.communityhub.embedded;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.communityhub.areas.AreaCode;
import org.communityhub.areas.AreaLevel;
import org.communityhub.devices.DeviceClass;
import org.jboss.logging.Logger;

/**
 * A demonstration data set for embedded mode: part of Heilongjiang's tree (Harbin, Qiqihar, Jiamusi,
 * Mudanjiang; urban streets and rural towns) from {@code demo/heilongjiang-areas.csv}, and about 200
 * devices of all four classes placed in its communities. Loaded only into a database with no areas.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);
    private static final String AREAS = "demo/heilongjiang-areas.csv";

    /** One row of the demo CSV. */
    record DemoArea(AreaCode code, String name, String kind, Double lat, Double lon) {
    }

    /** A device to register: where, what, and where on the map. */
    record DemoDevice(String id, DeviceClass deviceClass, String areaCode, String name, double lat, double lon) {
    }

    private final AgroalDataSource dataSource;

    DemoData(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void loadIntoEmptyDatabase() {
        try (Connection connection = dataSource.getConnection()) {
            if (hasAreas(connection)) {
                LOG.info("demo data: not loaded, the database already has areas");
                return;
            }
            List<DemoArea> areas = areas();
            List<DemoDevice> devices = devices(areas);
            connection.setAutoCommit(false);
            insertAreas(connection, areas);
            insertDevices(connection, devices);
            connection.commit();
            LOG.infof("demo data: loaded %d areas and %d devices of Heilongjiang", areas.size(), devices.size());
        } catch (SQLException e) {
            throw new IllegalStateException("could not load the demo data", e);
        }
    }

    static List<DemoArea> areas() {
        try (Reader reader = new InputStreamReader(
                DemoData.class.getClassLoader().getResourceAsStream(AREAS), StandardCharsets.UTF_8)) {
            List<DemoArea> areas = new ArrayList<>();
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
            for (CSVRecord row : format.parse(reader)) {
                areas.add(new DemoArea(AreaCode.of(row.get("code")), row.get("name"), row.get("kind"),
                        number(row.get("lat")), number(row.get("lon"))));
            }
            return areas;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + AREAS, e);
        }
    }

    /**
     * Per community: a kiosk, a broadcast unit, parcel lockers (two in town, one in a village) and
     * elder-alert devices (seven in town, five in a village); a grid takes three more elder devices.
     */
    static List<DemoDevice> devices(List<DemoArea> areas) {
        List<DemoDevice> devices = new ArrayList<>();
        for (DemoArea area : areas) {
            AreaLevel level = area.code().level();
            if (!level.holdsDevices() || area.lat() == null) {
                continue;
            }
            boolean urban = "URBAN".equals(area.kind());
            String code = area.code().value();
            if (level == AreaLevel.GRID) {
                add(devices, area, DeviceClass.ELDER_ALERT, "elder-" + code, "独居老人报警器", 3);
                continue;
            }
            add(devices, area, DeviceClass.KIOSK, "kiosk-" + code, "政务自助服务一体机", 1);
            add(devices, area, DeviceClass.BROADCAST_UNIT, "bcast-" + code, "应急广播终端", 1);
            add(devices, area, DeviceClass.PARCEL_LOCKER, "locker-" + code, "智能快件箱", urban ? 2 : 1);
            add(devices, area, DeviceClass.ELDER_ALERT, "elder-" + code, "独居老人报警器", urban ? 7 : 5);
        }
        return devices;
    }

    private static void add(List<DemoDevice> devices, DemoArea area, DeviceClass deviceClass, String idPrefix,
            String label, int count) {
        for (int i = 1; i <= count; i++) {
            String id = count == 1 ? idPrefix : idPrefix + "-" + String.format("%02d", i);
            // spread the devices a few hundred metres around the community's centre, the same every time
            double offset = (i * 0.0017) * (deviceClass.ordinal() % 2 == 0 ? 1 : -1);
            devices.add(new DemoDevice(id, deviceClass, area.code().value(),
                    area.name() + label + (count == 1 ? "" : " " + i), area.lat() + offset, area.lon() - offset));
        }
    }

    private static boolean hasAreas(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM areas)")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    private static void insertAreas(Connection connection, List<DemoArea> areas) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO areas (code, name, level, parent_code, kind) VALUES (?, ?, ?, ?, ?)")) {
            for (DemoArea area : areas) {
                insert.setString(1, area.code().value());
                insert.setString(2, area.name());
                insert.setString(3, area.code().level().name());
                insert.setString(4, area.code().parent().map(AreaCode::value).orElse(null));
                insert.setString(5, area.kind());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertDevices(Connection connection, List<DemoDevice> devices) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO devices (id, device_class, area_code, name, lat, lon, model, firmware, installed_at)
                VALUES (?, ?, ?, ?, ?, ?, 'DEMO-1', '1.0.0', TIMESTAMPTZ '2024-06-01 08:00:00+08')
                """)) {
            for (DemoDevice device : devices) {
                insert.setString(1, device.id());
                insert.setString(2, device.deviceClass().name());
                insert.setString(3, device.areaCode());
                insert.setString(4, device.name());
                insert.setDouble(5, Math.round(device.lat() * 1e6) / 1e6);
                insert.setDouble(6, Math.round(device.lon() * 1e6) / 1e6);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Double number(String value) {
        return value == null || value.isBlank() ? null : Double.valueOf(value);
    }
}
