package org.communityhub.simulators.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.communityhub.simulators.devices.DeviceClass;
import org.communityhub.simulators.devices.Malformed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioTest {

    @TempDir
    Path dir;

    @Test
    void everyShippedScenarioParses() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            long n = files.filter(f -> f.toString().endsWith(".yaml")).peek(file -> {
                try {
                    Scenario scenario = Scenario.read(file);
                    assertTrue(scenario.fleet().devices().size() > 0, file + " has devices");
                } catch (IOException e) {
                    throw new AssertionError(e.getMessage(), e);
                }
            }).count();
            assertTrue(n >= 4, "the shipped scenarios are found: " + n);
        }
    }

    @Test
    void aFullScenarioReadsAsWritten() throws IOException {
        Scenario scenario = Scenario.read(Path.of("scenarios/faults.yaml"));
        assertEquals(3, scenario.seed());
        assertEquals(30.0, scenario.timeScale());
        assertEquals(4, scenario.timeline().size());
        Step malformed = scenario.timeline().get(0);
        assertEquals(Step.Action.MALFORMED, malformed.action());
        assertEquals(Duration.ofSeconds(20), malformed.moment().offset());
        assertEquals(Malformed.values().length, malformed.kinds().size());
        assertEquals(DeviceClass.KIOSK, malformed.deviceClass());
        assertEquals(Duration.ofSeconds(90), scenario.timeline().get(2).skewBy());
        assertEquals(Duration.ofMinutes(2), scenario.length(ZonedDateTime.now()));
    }

    @Test
    void aRunWithoutDurationEndsAMinuteAfterItsLastStep() throws IOException {
        Scenario scenario = Scenario.read(Path.of("scenarios/street-power-loss.yaml"));
        ZonedDateTime nineAm = ZonedDateTime.of(2026, 11, 29, 9, 0, 0, 0, ZoneOffset.ofHours(8));
        assertEquals(Duration.ofMinutes(81), scenario.length(nineAm), "until 10:20, then a minute");
        ZonedDateTime elevenAm = nineAm.plusHours(2);
        assertEquals(Duration.ofHours(23).plusMinutes(21), scenario.length(elevenAm), "the next 10:20 is tomorrow's");
    }

    @Test
    void aBroadcastStepAsksForItsAreaAndPicksItsUnits() throws IOException {
        Path file = dir.resolve("broadcast.yaml");
        Files.writeString(file, "timeline:\n  - at: 5s\n    do: broadcast\n    area: \"990101001000\"\n");
        Step step = Scenario.read(file).timeline().get(0);
        assertEquals(java.util.Map.of("area", "990101001000", "priority", "DRILL", "text", Step.DRILL_TEXT),
                step.broadcastRequest());
        List<FleetSpec.Device> devices = Scenario.defaults().fleet().devices();
        long picked = devices.stream().filter(d -> step.matches(new org.communityhub.simulators.devices.SimulatedDevice(
                d.id(), d.deviceClass(), d.areaCode(), org.communityhub.simulators.devices.Rates.defaults(), 1))).count();
        assertEquals(2, picked, "the street's two communities' broadcast units, nothing else");
    }

    @Test
    void theGeneratedFleetHasItsTreeAndDevices() {
        FleetSpec fleet = Scenario.defaults().fleet();
        assertEquals(1 + 1 + 1 + 2 + 4, fleet.areas().size(), "province, city, county, 2 streets, 4 communities");
        assertEquals(4 * 7, fleet.devices().size());
        assertEquals("sim-kiosk-990101001001-1", fleet.devices().get(0).id());
        assertEquals("990101001000", fleet.areas().get(4).parentCode());
        assertTrue(fleet.devices().stream().allMatch(d -> d.areaCode().length() == 12));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("seed: 1\ntimeScale: -3\n", 2, "timeScale must be above 0"),
                Arguments.of("seed: 1\ntimeline:\n  - at: 10s\n    do: explode\n", 4, "explode"),
                Arguments.of("seed: 1\ntimeline:\n  - at: 10s\n    do: powerLoss\n    area: \"990101001\"\n", 3, "until: missing"),
                Arguments.of("seed: 1\ntimeline:\n  - at: ten seconds\n    do: reboot\n", 3, "'ten seconds' is not a duration"),
                Arguments.of("seed: 1\nfleet:\n  perCommunity: {KIOSK: 1, TOASTER: 2}\n", 3, "TOASTER"),
                Arguments.of("seed: 1\nfleet:\n  province: \"9\"\n", 3, "province must be two digits"),
                Arguments.of("seed: 1\nbehaviour:\n  kiosk: {jamsPerDay: -1}\n", 3, "jamsPerDay must be a number >= 0"),
                Arguments.of("seed: 1\nspeed: 3\n", 2, "speed"),
                Arguments.of("seed: 1\ntimeline:\n  - at: 10s\n    do: malformed\n    kinds: [BROKEN]\n", 5, "BROKEN"),
                Arguments.of("seed: [1\n", 1, ""),
                Arguments.of("seed: 1\ntimeline:\n  - at: 10s\n    do: broadcast\n", 3, "area: missing"),
                Arguments.of("seed: 1\ntimeline:\n  - at: 10s\n    do: broadcast\n    area: \"990101\"\n", 5,
                        "a full 12-digit code"),
                Arguments.of("seed: 1\ntimeline:\n  - at: 10s\n    do: broadcast\n    area: \"990101001001\"\n"
                        + "    priority: LOUD\n", 6, "priority must be EMERGENCY, DRILL or NOTICE"),
                Arguments.of("seed: 1\ntimeline:\n  - at: 10s\n    do: reboot\n  - at: 20s\n    do: event\n    class: ELDER_ALERT\n",
                        5, "type: missing"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void aBadFileGetsAnErrorThatNamesItsLine(String text, int line, String says) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, text);
        Scenario.InvalidScenarioException error = assertThrows(Scenario.InvalidScenarioException.class, () -> Scenario.read(file));
        assertTrue(error.getMessage().startsWith(file + ":" + line + ":"), "line " + line + " named: " + error.getMessage());
        assertTrue(error.getMessage().contains(says), "says '" + says + "': " + error.getMessage());
    }
}
