package org.communityhub.devices;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.TestAreas;
import org.junit.jupiter.api.Test;

/**
 * A province registers its devices from spreadsheets: a CSV file is imported whole, or not at all
 * with every bad row named by line and column.
 */
@QuarkusTest
@WithTestResource(HubServices.class)
class DeviceImportTest {

    private static final String HEADER = "id,deviceClass,areaCode,name,lat,lon,address,model,firmware,installedAt,"
            + "expectedIntervalSeconds\n";

    @Test
    void aGoodFileWithAByteOrderMarkAndChineseNamesIsImportedWhole() {
        TestAreas.Branch branch = TestAreas.create(2);
        String prefix = "imp-" + UUID.randomUUID().toString().substring(0, 6);
        String csv = "\uFEFF" + HEADER
                + prefix + "-k,KIOSK," + branch.community() + ",\"兆麟社区一体机, 一楼\",45.77,126.62,中央大街 1 号,ZW-9,1.2,2026-01-15T00:00:00Z,60\n"
                + prefix + "-e,elder_alert," + branch.communities().get(1) + ",张奶奶的报警器,,,,,,,\n"
                + "\n"
                + prefix + "-b,BROADCAST_UNIT," + branch.community() + ",广播,,,,,,,300\n";
        post(csv).then().statusCode(201).body("imported", equalTo(3));
        Api.asAdmin().get("/api/v1/devices/" + prefix + "-k").then().statusCode(200)
                .body("name", equalTo("兆麟社区一体机, 一楼")).body("lat", equalTo(45.77f))
                .body("installedAt", equalTo("2026-01-15T00:00:00Z")).body("expectedIntervalSeconds", equalTo(60));
        Api.asAdmin().get("/api/v1/devices/" + prefix + "-e").then().statusCode(200)
                .body("deviceClass", equalTo("ELDER_ALERT"));
    }

    @Test
    void aFileWithBadRowsImportsNothingAndNamesEachByLineAndColumn() {
        TestAreas.Branch branch = TestAreas.create(1);
        String prefix = "bad-" + UUID.randomUUID().toString().substring(0, 6);
        String existing = TestAreas.device("KIOSK", branch.community());
        String csv = HEADER
                + prefix + "-ok,KIOSK," + branch.community() + ",fine,,,,,,,\n"                 // line 2
                + prefix + "-1,TOASTER," + branch.community() + ",x,,,,,,,\n"                   // line 3
                + prefix + "-2,KIOSK," + branch.community() + ",,,,,,,,\n"                      // line 4
                + prefix + "-3,KIOSK,719999999999,x,,,,,,,\n"                                  // line 5
                + prefix + "-ok,KIOSK," + branch.community() + ",again,,,,,,,\n"               // line 6
                + prefix + "-4,KIOSK," + branch.community() + ",x,91,north,,,,yesterday,-5\n"  // line 7
                + existing + ",KIOSK," + branch.community() + ",x,,,,,,,\n"                    // line 8
                + "bad id!,KIOSK," + branch.street() + ",x,,,,,,,\n";                          // line 9
        List<String> fields = post(csv).then().statusCode(400).extract().path("fields");
        assertEquals(List.of("rows/3/deviceClass", "rows/5/areaCode", "rows/6/id", "rows/4/name", "rows/7/lon",
                "rows/7/installedAt", "rows/7/lat", "rows/7/expectedIntervalSeconds", "rows/8/id", "rows/9/id",
                "rows/9/areaCode").stream().sorted().toList(), fields.stream().sorted().toList());
        Api.asAdmin().get("/api/v1/devices/" + prefix + "-ok").then().statusCode(404);
    }

    @Test
    void malformedFilesAndWrongHeadersAreRefusedWithAClearReason() {
        post("").then().statusCode(400).body("fields", equalTo(List.of("rows/1")));
        post("id,deviceClass,areaCode,name\n").then().statusCode(400).body("fields", equalTo(List.of("rows")));
        post("id,deviceClass,name,colour\nx,KIOSK,y,red\n").then().statusCode(400)
                .body("violations[0].message", org.hamcrest.Matchers.containsString("unknown: [colour]"))
                .body("violations[0].message", org.hamcrest.Matchers.containsString("missing: [areaCode]"));
        post(HEADER + "\"unclosed,KIOSK,230102001001,x\n").then().statusCode(400).body("fields", equalTo(List.of("rows")));
        StringBuilder big = new StringBuilder(HEADER);
        for (int i = 0; i <= DeviceImport.MAX_ROWS; i++) {
            big.append("big-").append(i).append(",KIOSK,230102001001,x,,,,,,,\n");
        }
        post(big.toString()).then().statusCode(400).body("fields", equalTo(List.of("rows")));
    }

    @Test
    void onlyAdminsAndOperatorsImport() {
        TestAreas.Branch branch = TestAreas.create(1);
        String staff = Api.dutyStaff("import", branch.community());
        Api.asStaff(staff).contentType("text/csv").body(HEADER.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/devices/import").then().statusCode(403);
        io.restassured.RestAssured.given().contentType("text/csv").body(HEADER).post("/api/v1/devices/import").then()
                .statusCode(401);
    }

    private static io.restassured.response.Response post(String csv) {
        return Api.asAdmin().contentType("text/csv; charset=UTF-8").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/devices/import");
    }
}
