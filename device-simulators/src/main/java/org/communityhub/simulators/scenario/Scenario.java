package org.communityhub.simulators.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.simulators.devices.Malformed;
import org.communityhub.simulators.devices.Rates;

/**
 * A scenario file (YAML, or JSON, which is YAML too): the fleet, how its devices behave, how fast
 * simulated time runs, and a timeline of things that happen to it. Everything but the timeline has
 * defaults; docs/simulators.md shows a full file.
 *
 * @param seed           makes a run repeatable: the same file and seed send the same readings
 * @param timeScale      simulated seconds per real second: 60 makes a kiosk report every second
 * @param duration       how long a run lasts (real time); by default until the last step has ended, plus a minute
 * @param malformedShare the share of readings spoiled on purpose, of the kinds in {@code malformedKinds}
 * @param malformedKinds the faults used for {@code malformedShare} (all of them by default)
 */
public record Scenario(Long seed, Double timeScale, String duration, Double malformedShare,
        List<Malformed> malformedKinds, FleetSpec fleet, Rates behaviour,
        List<Step> timeline) {

    /** A message that starts with a field's name, e.g. "until: …" or "timeScale must …". */
    private static final Pattern LEADING_FIELD = Pattern.compile("([A-Za-z]+)(?::| must| needs)");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    public Scenario {
        seed = seed == null ? 20211 : seed;
        timeScale = timeScale == null ? 1 : timeScale;
        if (!(timeScale > 0) || timeScale > 10_000) {
            throw new IllegalArgumentException("timeScale must be above 0 and at most 10000, not " + timeScale);
        }
        if (duration != null) {
            Moment.duration(duration);
        }
        malformedShare = malformedShare == null ? 0 : malformedShare;
        if (!(malformedShare >= 0) || malformedShare > 1) {
            throw new IllegalArgumentException("malformedShare must be between 0 and 1, not " + malformedShare);
        }
        malformedKinds = malformedKinds == null || malformedKinds.isEmpty()
                ? List.of(Malformed.values()) : List.copyOf(malformedKinds);
        fleet = fleet == null ? FleetSpec.defaults() : fleet;
        behaviour = behaviour == null ? Rates.defaults() : behaviour;
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /** A scenario with every default and no timeline: the plain fleet. */
    public static Scenario defaults() {
        return new Scenario(null, null, null, null, null, null, null, null);
    }

    /** Reads a scenario file; a mistake is reported with its line and column. */
    public static Scenario read(Path file) throws IOException {
        String text = Files.readString(file);
        try {
            Scenario scenario = YAML.readValue(text, Scenario.class);
            if (scenario == null) {
                throw new InvalidScenarioException(file + ": the file is empty");
            }
            return scenario;
        } catch (JsonProcessingException e) {
            throw new InvalidScenarioException(describe(file, text, e));
        }
    }

    /** The run's length: {@code duration}, or a minute past the last step's end. */
    public Duration length(ZonedDateTime start) {
        if (duration != null) {
            return Moment.duration(duration);
        }
        Duration last = Duration.ZERO;
        for (Step step : timeline) {
            Duration end = step.moment().after(start);
            if (step.until() != null) {
                end = step.end().after(start);
            } else if (step.offline() != null) {
                end = end.plus(step.offlineFor());
            }
            last = end.compareTo(last) > 0 ? end : last;
        }
        return last.plusMinutes(1);
    }

    /**
     * Names the line of a mistake. Jackson reports where it was when a value failed, which for a
     * record is often past its end; so the error's path (e.g. {@code /timeline/2}, and the field a
     * message starts with, e.g. {@code until}) is looked up again in the file, at the token's start.
     */
    private static String describe(Path file, String text, JsonProcessingException e) {
        String message = e.getCause() instanceof IllegalArgumentException cause ? cause.getMessage() : e.getOriginalMessage();
        message = message.lines().findFirst().orElse(message);
        JsonLocation location = e.getLocation();
        if (e instanceof JsonMappingException mapping) {
            StringBuilder pointer = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
            }
            Matcher field = LEADING_FIELD.matcher(message);
            JsonLocation found = field.lookingAt() ? startOf(text, pointer + "/" + field.group(1)) : null;
            found = found != null ? found : startOf(text, pointer.toString());
            location = found != null ? found : location;
            message = pointer.isEmpty() ? message : message + " (at " + pointer + ")";
        }
        return location == null ? file + ": " + message
                : file + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": " + message;
    }

    /** Where the value at {@code pointer} (or its field name) starts in the YAML text, or null. */
    private static JsonLocation startOf(String text, String pointer) {
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                if (token.isStructStart()) {
                    context = context.getParent();
                }
                if (context != null && pointer.equals(context.pathAsPointer().toString())) {
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            return null; // the text does not parse as far as the pointer; Jackson's own location stands
        }
        return null;
    }

    /** A scenario file that cannot be used; the message names the file, line and column. */
    public static final class InvalidScenarioException extends IOException {
        public InvalidScenarioException(String message) {
            super(message);
        }
    }
}
