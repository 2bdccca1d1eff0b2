package org.communityhub.devices;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.communityhub.api.Problem;
import org.communityhub.areas.AreaCode;

/**
 * A CSV file of devices to register, read and checked row by row: a header line naming the columns
 * (those of {@link DeviceInput}, {@code id}, {@code deviceClass}, {@code areaCode} and {@code name}
 * required), then a device per line. Every problem is named by its line and column
 * ({@code rows/<line>/<column>}), so that whoever keeps the spreadsheet can fix them all at once.
 */
final class DeviceImport {

    /** Rows in one file at most; a province registers its devices in several files of this size. */
    static final int MAX_ROWS = 50_000;

    /** Problems listed at most; the detail says how many there were. */
    static final int MAX_LISTED = 1_000;

    static final List<String> COLUMNS = List.of("id", "deviceClass", "areaCode", "name", "lat", "lon", "address",
            "model", "firmware", "installedAt", "expectedIntervalSeconds");

    private static final Set<String> REQUIRED = Set.of("id", "deviceClass", "areaCode", "name");

    /** What the registry knows, asked once for all the file's ids and areas. */
    interface Registry {
        Set<String> existingIds(Set<String> ids) throws SQLException;

        Set<String> existingAreas(Set<String> codes) throws SQLException;
    }

    /** The devices of a file, or what is wrong with it. */
    record Result(List<DeviceInput> devices, List<Problem.Violation> problems, int problemCount) {
    }

    private DeviceImport() {
    }

    static Result read(String text, Validator validator, Registry registry, Predicate<String> inScope)
            throws SQLException {
        List<Problem.Violation> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get().parse(new StringReader(body))) {
            List<String> header = parser.getHeaderNames();
            Set<String> unknown = new LinkedHashSet<>(header);
            unknown.removeAll(COLUMNS);
            Set<String> missing = new LinkedHashSet<>(REQUIRED);
            missing.removeAll(header);
            if (header.isEmpty() || !unknown.isEmpty() || !missing.isEmpty()) {
                problems.add(new Problem.Violation("rows/1", "the header must name the columns " + COLUMNS
                        + (unknown.isEmpty() ? "" : "; unknown: " + unknown)
                        + (missing.isEmpty() ? "" : "; missing: " + missing)));
                return new Result(List.of(), problems, 1);
            }
            for (CSVRecord record : parser) {
                if (rows.size() == MAX_ROWS) {
                    problems.add(new Problem.Violation("rows", "at most " + MAX_ROWS + " devices per file"));
                    return new Result(List.of(), problems, 1);
                }
                rows.add(row(record, problems));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // commons-csv reports a malformed file (an unclosed quote, a duplicate header) this way
            problems.add(new Problem.Violation("rows", "not a CSV file commons-csv can read: " + e.getMessage()));
            return new Result(List.of(), problems, 1);
        }
        if (rows.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem.Violation("rows", "no devices: the file has a header and nothing else"));
        }
        check(rows, validator, registry, inScope, problems);
        int count = problems.size();
        return new Result(problems.isEmpty() ? rows.stream().map(Row::input).toList() : List.of(),
                problems.size() > MAX_LISTED ? problems.subList(0, MAX_LISTED) : problems, count);
    }

    private record Row(long line, DeviceInput input) {
    }

    private static Row row(CSVRecord record, List<Problem.Violation> problems) {
        long line = record.getRecordNumber() + 1;
        Map<String, String> values = new HashMap<>();
        record.toMap().forEach((column, value) -> values.put(column, value == null || value.isBlank() ? null : value));
        DeviceClass deviceClass = parse(line, "deviceClass", values, problems, raw -> DeviceClass.valueOf(raw.toUpperCase()),
                "one of KIOSK, PARCEL_LOCKER, BROADCAST_UNIT, ELDER_ALERT");
        Double lat = parse(line, "lat", values, problems, Double::valueOf, "a number");
        Double lon = parse(line, "lon", values, problems, Double::valueOf, "a number");
        Instant installedAt = parse(line, "installedAt", values, problems, Instant::parse,
                "an ISO-8601 instant such as 2026-01-31T08:00:00Z");
        Integer interval = parse(line, "expectedIntervalSeconds", values, problems, Integer::valueOf, "a whole number");
        return new Row(line, new DeviceInput(values.get("id"), deviceClass, values.get("areaCode"), values.get("name"),
                lat, lon, values.get("address"), values.get("model"), values.get("firmware"), installedAt, interval));
    }

    private static <T> T parse(long line, String column, Map<String, String> values, List<Problem.Violation> problems,
            Function<String, T> parser, String expected) {
        String raw = values.get(column);
        if (raw == null) {
            return null;
        }
        try {
            return parser.apply(raw.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            problems.add(new Problem.Violation(field(line, column), "must be " + expected + ", not " + raw));
            return null;
        }
    }

    private static void check(List<Row> rows, Validator validator, Registry registry, Predicate<String> inScope,
            List<Problem.Violation> problems) throws SQLException {
        Map<String, Long> firstLine = new HashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> areas = new LinkedHashSet<>();
        rows.forEach(row -> {
            if (row.input().id() != null) {
                ids.add(row.input().id());
            }
            if (row.input().areaCode() != null) {
                areas.add(row.input().areaCode());
            }
        });
        Set<String> registered = registry.existingIds(ids);
        Set<String> knownAreas = registry.existingAreas(areas);
        for (Row row : rows) {
            DeviceInput input = row.input();
            for (ConstraintViolation<DeviceInput> violation : validator.validate(input)) {
                problems.add(new Problem.Violation(field(row.line(), violation.getPropertyPath().toString()),
                        violation.getMessage()));
            }
            if (input.id() != null) {
                Long earlier = firstLine.putIfAbsent(input.id(), row.line());
                if (earlier != null) {
                    problems.add(new Problem.Violation(field(row.line(), "id"), input.id() + " is on line " + earlier
                            + " already"));
                } else if (registered.contains(input.id())) {
                    problems.add(new Problem.Violation(field(row.line(), "id"), input.id() + " is registered already"));
                }
            }
            if (input.areaCode() != null) {
                String problem = areaProblem(input.areaCode(), knownAreas, inScope);
                if (problem != null) {
                    problems.add(new Problem.Violation(field(row.line(), "areaCode"), problem));
                }
            }
        }
    }

    private static String areaProblem(String raw, Set<String> knownAreas, Predicate<String> inScope) {
        AreaCode code;
        try {
            code = AreaCode.of(raw);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!code.level().holdsDevices()) {
            return code + " is a " + code.level() + "; devices belong to a COMMUNITY or a GRID";
        }
        if (!knownAreas.contains(code.value())) {
            return "area " + code + " does not exist";
        }
        return inScope.test(code.value()) ? null : "area " + code + " is outside your areas";
    }

    private static String field(long line, String column) {
        return "rows/" + line + "/" + column;
    }
}
