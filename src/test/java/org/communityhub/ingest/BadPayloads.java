package org.communityhub.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The corpus of bad payloads in {@code src/test/resources/payloads/bad/}, one per line: {@code REASON | payload}. */
final class BadPayloads {

    record Entry(Reason reason, String payload) {
    }

    private BadPayloads() {
    }

    static List<Entry> kioskTelemetry(Instant now) {
        try (InputStream in = BadPayloads.class.getResourceAsStream("/payloads/bad/kiosk-telemetry.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\\|", 2))
                    .map(parts -> new Entry(Reason.valueOf(parts[0].trim()), at(parts[1].trim(), now)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload with NOW and FUTURE (six minutes ahead) as epoch milliseconds. */
    static String at(String payload, Instant now) {
        return payload.replace("NOW", Long.toString(now.toEpochMilli()))
                .replace("FUTURE", Long.toString(now.plus(Duration.ofMinutes(6)).toEpochMilli()));
    }
}
