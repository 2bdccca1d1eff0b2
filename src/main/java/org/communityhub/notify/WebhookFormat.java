package org.communityhub.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.communityhub.alerts.AlertChanged;

/**
 * What a webhook receives: the generic JSON (signed with an HMAC-SHA256 of the body), or the
 * {@code markdown} message of the group robots community staff read alerts in: WeCom (企业微信) and
 * DingTalk (钉钉, with its URL signature when the robot has a signing secret).
 */
public enum WebhookFormat {
    JSON, WECOM, DINGTALK;

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));
    /** WeCom refuses markdown content over 4,096 bytes; the detail is cut to stay well inside. */
    private static final int DETAIL_CHARS = 600;
    private static final Map<String, String> SEVERITY = Map.of("CRITICAL", "紧急", "MAJOR", "重要", "MINOR", "次要",
            "WARNING", "提示");
    private static final Map<String, String> ACTION = Map.ofEntries(Map.entry("RAISED", "新告警"),
            Map.entry("REPEATED", "再次触发"), Map.entry("REOPENED", "重新打开"), Map.entry("ACKNOWLEDGED", "已确认"),
            Map.entry("ASSIGNED", "已指派"), Map.entry("RESOLVED", "已处置"), Map.entry("AUTO_RESOLVED", "已自动恢复"),
            Map.entry("CLOSED", "已评价关闭"), Map.entry("ESCALATED", "未确认，已升级"));

    /** The request body for one alert change. */
    public String body(AlertChanged change, ObjectMapper json) {
        if (this == JSON) {
            return change.toJson(json).toString();
        }
        ObjectNode message = json.createObjectNode().put("msgtype", "markdown");
        ObjectNode markdown = message.putObject("markdown");
        if (this == WECOM) {
            markdown.put("content", markdown(change));
        } else {
            markdown.put("title", "[" + severity(change) + "] " + change.alert().type() + " " + change.alert().deviceId());
            markdown.put("text", markdown(change));
        }
        return message.toString();
    }

    /** The URL to post to: DingTalk's carries a timestamp and a signature of it. */
    public String url(String url, String secret, Instant now) {
        if (this != DINGTALK) {
            return url;
        }
        long timestamp = now.toEpochMilli();
        String sign = Base64.getEncoder().encodeToString(hmac(secret, timestamp + "\n" + secret));
        return url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
                + URLEncoder.encode(sign, StandardCharsets.UTF_8);
    }

    /**
     * Whether the answer means delivered: any 2xx for generic JSON; the robots answer 200 with
     * {@code errcode} 0, and another errcode (a rate limit, a bad key) is a failed attempt.
     */
    public String refusal(int status, String body, ObjectMapper json) {
        if (status < 200 || status > 299) {
            return "HTTP " + status;
        }
        if (this == JSON) {
            return null;
        }
        try {
            JsonNode answer = json.readTree(body);
            return answer.path("errcode").asInt(-1) == 0 ? null
                    : "errcode " + answer.path("errcode").asText("missing") + ": " + answer.path("errmsg").asText("");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "the robot's answer is not JSON";
        }
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}: the X-Hub-Signature-256 header. */
    public static String signature(String secret, String body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret, body));
    }

    private static String markdown(AlertChanged change) {
        var alert = change.alert();
        String colour = alert.severity().name().equals("CRITICAL") || alert.severity().name().equals("MAJOR")
                ? "warning" : "comment";
        String detail = alert.detail() == null ? "" : alert.detail();
        if (detail.length() > DETAIL_CHARS) {
            detail = detail.substring(0, DETAIL_CHARS) + "…";
        }
        return "### <font color=\"" + colour + "\">[" + severity(change) + "] " + alert.type() + "</font> "
                + ACTION.getOrDefault(change.action(), change.action()) + "\n"
                + "> 设备：" + alert.deviceId() + "（" + alert.deviceClass() + "）\n"
                + "> 区域：" + change.areaCode() + (change.areaCode().equals(alert.areaCode()) ? ""
                        : "（设备所在：" + alert.areaCode() + "）") + "\n"
                + "> 状态：" + alert.state() + "，第 " + alert.count() + " 次\n"
                + "> 时间：" + LOCAL.format(change.at()) + "\n"
                + (detail.isEmpty() ? "" : "> 详情：" + detail + "\n")
                + (alert.defect() == null ? "" : "> 报文缺陷：" + alert.defect() + "\n")
                + "> 告警编号：" + alert.id() + "，事件 " + change.eventId();
    }

    private static String severity(AlertChanged change) {
        return SEVERITY.getOrDefault(change.alert().severity().name(), change.alert().severity().name());
    }

    private static byte[] hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
