package org.communityhub.notify;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.communityhub.testing.AlertStreamClient;
import org.communityhub.testing.Alerts;
import org.communityhub.testing.Api;
import org.communityhub.testing.HubServices;
import org.communityhub.testing.MqttDevice;
import org.communityhub.testing.TestAreas;
import org.communityhub.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;

/** Webhooks per area subtree: signed, retried while the receiver is down, never held up by a slow one. */
@QuarkusTest
@WithTestResource(HubServices.class)
class WebhooksTest {

    @Test
    void anSosReachesTheCommunitysWebhookSignedWithItsSecret() throws Exception {
        TestAreas.Branch branch = TestAreas.create(2);
        try (WebhookReceiver staff = WebhookReceiver.start(); WebhookReceiver other = WebhookReceiver.start()) {
            webhook(branch.street(), staff.url("/alerts"), "JSON", "street-secret", null);
            webhook(branch.communities().get(1), other.url("/alerts"), "JSON", "other-secret", null);
            String elder = sos(branch.community());

            await().atMost(Duration.ofSeconds(10)).until(() -> !staff.containing(elder).isEmpty());
            WebhookReceiver.Request request = staff.containing(elder).get(0);
            assertEquals("sha256=" + HexFormat.of().formatHex(hmac("street-secret", request.body())),
                    request.header("X-Hub-Signature-256"), "the body is signed with the webhook's secret");
            assertNotNull(request.header("X-Hub-Event-Id"));
            assertTrue(request.body().contains("\"severity\":\"CRITICAL\"") && request.body().contains("\"RAISED\""));
            Alerts.settle();
            assertTrue(other.containing(elder).isEmpty(), "another community's webhook gets nothing of it");
        }
    }

    @Test
    void aReceiverThatIsDownGetsRetriesAndTheDeliveryIsMadeWhenItIsBack() throws Exception {
        String community = TestAreas.create(1).community();
        int port;
        try (WebhookReceiver probe = WebhookReceiver.start()) {
            port = Integer.parseInt(probe.url("").replaceAll(".*:(\\d+).*", "$1"));
        }
        Object id = webhook(community, "http://127.0.0.1:" + port + "/hook", "JSON", null, null);
        String elder = sos(community);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Map<String, Object>> log = deliveries(id);
            return !log.isEmpty() && ((Integer) log.get(0).get("attempts")) >= 3;
        });
        Map<String, Object> failing = deliveries(id).get(0);
        assertEquals("PENDING", failing.get("state"));
        assertTrue(failing.get("lastError").toString().contains("Connect"), failing.toString());

        try (WebhookReceiver back = WebhookReceiver.startOn(port)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveries(id).get(0).get("state")));
            assertEquals(1, back.containing(elder).size());
            assertEquals(200, deliveries(id).get(0).get("lastStatus"));
        }
    }

    @Test
    void aSlowReceiverDelaysNeitherTheLiveStreamNorAnotherReceiver() throws Exception {
        TestAreas.Branch branch = TestAreas.create(1);
        String staff = Api.dutyStaff("console", branch.community());
        try (WebhookReceiver slow = WebhookReceiver.start().slow(8_000); WebhookReceiver fast = WebhookReceiver.start();
                AlertStreamClient console = AlertStreamClient.open(staff, Api.STAFF_PASSWORD, null)) {
            webhook(branch.community(), slow.url("/slow"), "JSON", null, null);
            webhook(branch.community(), fast.url("/fast"), "JSON", null, null);
            await().atMost(Duration.ofSeconds(5)).until(() -> console.status() == 200);
            String elder = sos(branch.community());
            Instant raised = Instant.now();
            await().atMost(Duration.ofSeconds(3)).until(() -> !console.containing(elder).isEmpty()
                    && !fast.containing(elder).isEmpty());
            assertTrue(Duration.between(raised, Instant.now()).toMillis() < 3_000);
            assertTrue(slow.containing(elder).isEmpty(), "the slow receiver is still busy with it");
        }
    }

    @Test
    void weComAndDingTalkRobotsGetTheirMarkdownAndDingTalksUrlIsSigned() throws Exception {
        String community = TestAreas.create(1).community();
        try (WebhookReceiver wecom = WebhookReceiver.start(); WebhookReceiver dingtalk = WebhookReceiver.start()) {
            webhook(community, wecom.url("/cgi-bin/webhook/send?key=robot-key"), "WECOM", null, "CRITICAL");
            webhook(community, dingtalk.url("/robot/send?access_token=t0k3n"), "DINGTALK", "SECdingsecret", null);
            String elder = sos(community);
            await().atMost(Duration.ofSeconds(10)).until(() -> !wecom.containing(elder).isEmpty()
                    && !dingtalk.containing(elder).isEmpty());

            WebhookReceiver.Request toWecom = wecom.containing(elder).get(0);
            assertTrue(toWecom.body().startsWith("{\"msgtype\":\"markdown\",\"markdown\":{\"content\":"), toWecom.body());
            assertTrue(toWecom.body().contains("紧急") && toWecom.body().contains("SOS"), toWecom.body());
            assertEquals("key=robot-key", toWecom.query());

            WebhookReceiver.Request toDingtalk = dingtalk.containing(elder).get(0);
            assertTrue(toDingtalk.body().contains("\"title\":\"[紧急] SOS " + elder + "\""), toDingtalk.body());
            Map<String, String> query = query(toDingtalk.query());
            assertEquals("t0k3n", query.get("access_token"));
            String expected = Base64.getEncoder().encodeToString(hmac("SECdingsecret",
                    query.get("timestamp") + "\nSECdingsecret"));
            assertEquals(expected, query.get("sign"), "DingTalk's signature of the timestamp");
        }
    }

    @Test
    void aRobotThatAnswersWithAnErrcodeIsAFailedAttempt() throws Exception {
        String community = TestAreas.create(1).community();
        try (WebhookReceiver robot = WebhookReceiver.start().answering(200, "{\"errcode\":93000,\"errmsg\":\"invalid key\"}")) {
            Object id = webhook(community, robot.url("/cgi-bin/webhook/send?key=wrong"), "WECOM", null, null);
            sos(community);
            await().atMost(Duration.ofSeconds(10)).until(() -> !deliveries(id).isEmpty()
                    && deliveries(id).get(0).get("lastError") != null);
            assertTrue(deliveries(id).get(0).get("lastError").toString().contains("93000"));
            assertEquals("PENDING", deliveries(id).get(0).get("state"));
        }
    }

    @Test
    void badWebhooksAreRefusedNamingTheField() {
        String community = TestAreas.create(1).community();
        Api.asAdmin().body(Map.of("areaCode", community, "url", "ftp://example.org/x")).post("/api/v1/webhooks").then()
                .statusCode(400).body("fields", hasItem("url"));
        Api.asAdmin().body(Map.of("areaCode", community, "url", "not a url")).post("/api/v1/webhooks").then()
                .statusCode(400).body("fields", hasItem("url"));
        Api.asAdmin().body(Map.of("areaCode", "12", "url", "http://127.0.0.1:9/x")).post("/api/v1/webhooks").then()
                .statusCode(400).body("fields", hasItem("areaCode"));
        Api.asAdmin().body(Map.of("areaCode", community, "url", "http://127.0.0.1:9/x", "format", "FAX"))
                .post("/api/v1/webhooks").then().statusCode(400).body("fields", hasItem("format"));
        Api.asAdmin().body(Map.of("areaCode", community + "999", "url", "http://127.0.0.1:9/x"))
                .post("/api/v1/webhooks").then().statusCode(400).body("fields", hasItem("areaCode"));
        Api.asAdmin().get("/api/v1/webhooks/999999999/deliveries").then().statusCode(404);
    }

    private static Object webhook(String area, String url, String format, String secret, String minSeverity) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("areaCode", area, "url", url, "format", format));
        if (secret != null) {
            body.put("secret", secret);
        }
        if (minSeverity != null) {
            body.put("minSeverity", minSeverity);
        }
        return Api.asAdmin().body(body).post("/api/v1/webhooks").then().statusCode(201).extract().path("webhook.id");
    }

    private static List<Map<String, Object>> deliveries(Object webhookId) {
        return Api.asAdmin().get("/api/v1/webhooks/" + webhookId + "/deliveries").then().statusCode(200)
                .extract().path("items");
    }

    private static String sos(String community) throws Exception {
        String elder = TestAreas.device("ELDER_ALERT", community);
        try (MqttDevice device = MqttDevice.connect(elder)) {
            device.event("{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"type\":\"SOS\"}");
        }
        return elder;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private static byte[] hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
