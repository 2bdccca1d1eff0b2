package org.communityhub.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates a fresh branch of the area tree through the API for one test: a province, city, county
 * and street, and communities under it, with codes no other test uses, so tests can share one
 * database and one running hub.
 */
public final class TestAreas {

    /** The codes of one created branch. */
    public record Branch(String province, String city, String county, String street, List<String> communities) {
        public String community() {
            return communities.get(0);
        }
    }

    private TestAreas() {
    }

    public static Branch create(int communities) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // provinces 70-99 are unused by real codes; the rest is random, so branches hardly ever collide
        String province = String.valueOf(70 + random.nextInt(30));
        String city = province + String.format("%02d", 1 + random.nextInt(99));
        String county = city + String.format("%02d", 1 + random.nextInt(99));
        String street = county + String.format("%03d", 1 + random.nextInt(999));
        ensure(province + "0000000000", "测试省", "URBAN");
        ensure(city + "00000000", "测试市", "URBAN");
        ensure(county + "000000", "测试区", "URBAN");
        ensure(street + "000", "测试街道", "URBAN");
        List<String> codes = new java.util.ArrayList<>();
        for (int i = 1; i <= communities; i++) {
            String code = street + String.format("%03d", i);
            ensure(code, "测试社区" + i, i % 2 == 0 ? "RURAL" : "URBAN");
            codes.add(code);
        }
        return new Branch(province + "0000000000", city + "00000000", county + "000000", street + "000", codes);
    }

    private static void ensure(String code, String name, String kind) {
        int status = Api.asAdmin().body(Map.of("code", code, "name", name, "kind", kind))
                .post("/api/v1/areas").statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("creating area " + code + " answered " + status);
        }
    }

    /** A device registered through the API in the given area; returns its id. */
    public static String device(String deviceClass, String areaCode) {
        String id = deviceClass.toLowerCase().replace('_', '-') + "-" + Long.toString(
                ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
        Api.asAdmin().body(Map.of("id", id, "deviceClass", deviceClass, "areaCode", areaCode, "name", "test " + id))
                .post("/api/v1/devices").then().statusCode(201);
        return id;
    }
}
