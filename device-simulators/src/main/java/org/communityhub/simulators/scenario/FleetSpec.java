package org.communityhub.simulators.scenario;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.communityhub.simulators.devices.DeviceClass;

/**
 * A generated fleet: an administrative tree below one province code (cities › counties › streets ›
 * communities, 12-digit statistical codes) with the same devices in every community. Device ids
 * are {@code PREFIX + class + "-" + community code + "-" + n}, e.g. {@code sim-kiosk-990101001001-1}.
 */
public record FleetSpec(String province, Integer cities, Integer countiesPerCity, Integer streetsPerCounty,
        Integer communitiesPerStreet, Map<DeviceClass, Integer> perCommunity, String idPrefix) {

    /** An area to register: code, parent (null for the province), level, kind, name. */
    public record Area(String code, String parentCode, String level, String kind, String name) {
    }

    /** A device of the fleet. */
    public record Device(String id, DeviceClass deviceClass, String areaCode) {
    }

    public FleetSpec {
        province = province == null ? "99" : province;
        if (!province.matches("[1-9][0-9]")) {
            throw new IllegalArgumentException("province must be two digits such as \"99\", not \"" + province + "\"");
        }
        cities = range("cities", cities, 1, 1, 99);
        countiesPerCity = range("countiesPerCity", countiesPerCity, 1, 1, 99);
        streetsPerCounty = range("streetsPerCounty", streetsPerCounty, 2, 1, 999);
        communitiesPerStreet = range("communitiesPerStreet", communitiesPerStreet, 2, 1, 999);
        Map<DeviceClass, Integer> counts = new EnumMap<>(DeviceClass.class);
        if (perCommunity == null) {
            counts.putAll(Map.of(DeviceClass.KIOSK, 1, DeviceClass.PARCEL_LOCKER, 1, DeviceClass.BROADCAST_UNIT, 1,
                    DeviceClass.ELDER_ALERT, 4));
        } else {
            perCommunity.forEach((deviceClass, n) -> counts.put(deviceClass, range("perCommunity." + deviceClass, n, 0, 0, 100_000)));
        }
        perCommunity = Map.copyOf(counts);
        idPrefix = idPrefix == null ? "sim-" : idPrefix;
        if (!idPrefix.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,20}")) {
            throw new IllegalArgumentException("idPrefix must be up to 21 letters, digits, '.', '_' or '-', not \"" + idPrefix + "\"");
        }
    }

    /** The default fleet: 1 city, 1 county, 2 streets of 2 communities, 7 devices each. */
    public static FleetSpec defaults() {
        return new FleetSpec(null, null, null, null, null, null, null);
    }

    /** Every area, parents before children. */
    public List<Area> areas() {
        List<Area> areas = new ArrayList<>();
        areas.add(new Area(province + "0000000000", null, "PROVINCE", "URBAN", "模拟省 " + province));
        for (int c = 1; c <= cities; c++) {
            String city = province + "%02d".formatted(c);
            areas.add(new Area(city + "00000000", province + "0000000000", "CITY", "URBAN", "模拟市 " + c));
            for (int d = 1; d <= countiesPerCity; d++) {
                String county = city + "%02d".formatted(d);
                areas.add(new Area(county + "000000", city + "00000000", "COUNTY", "URBAN", "模拟区县 " + c + "-" + d));
                for (int s = 1; s <= streetsPerCounty; s++) {
                    String street = county + "%03d".formatted(s);
                    String kind = s % 2 == 1 ? "URBAN" : "RURAL";
                    areas.add(new Area(street + "000", county + "000000", "STREET", kind,
                            (kind.equals("URBAN") ? "模拟街道 " : "模拟乡镇 ") + street));
                    for (int m = 1; m <= communitiesPerStreet; m++) {
                        areas.add(new Area(street + "%03d".formatted(m), street + "000", "COMMUNITY", kind,
                                (kind.equals("URBAN") ? "模拟社区 " : "模拟村 ") + street + "%03d".formatted(m)));
                    }
                }
            }
        }
        return areas;
    }

    /** Every device, community by community, in the order of {@link DeviceClass}. */
    public List<Device> devices() {
        List<Device> devices = new ArrayList<>();
        for (Area area : areas()) {
            if (!area.level().equals("COMMUNITY")) {
                continue;
            }
            for (DeviceClass deviceClass : DeviceClass.values()) {
                for (int n = 1; n <= perCommunity.getOrDefault(deviceClass, 0); n++) {
                    devices.add(new Device(idPrefix + deviceClass.shortName + "-" + area.code() + "-" + n, deviceClass,
                            area.code()));
                }
            }
        }
        return devices;
    }

    private static int range(String name, Integer value, int otherwise, int least, int most) {
        int n = value == null ? otherwise : value;
        if (n < least || n > most) {
            throw new IllegalArgumentException(name + " must be between " + least + " and " + most + ", not " + n);
        }
        return n;
    }
}
