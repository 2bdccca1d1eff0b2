package org.communityhub.telemetry;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Rows in PostgreSQL's COPY text format (tab between columns, newline after a row, {@code \N} for
 * null, backslash escapes for backslash, tab, newline and carriage return), encoded as UTF-8 bytes in
 * one pass. This is the ingest path's hottest code: formatting with a CSV library and letting the
 * driver re-encode the text took a quarter of the hub's CPU at 30,000 messages/s (docs/benchmarks.md).
 * Values are Strings, whole and decimal numbers, Booleans and Instants.
 */
public final class CopyText {

    private static final byte[] NULL = {'\\', 'N'};

    private byte[] bytes;
    private int size;
    private int rows;

    CopyText(int expectedBytes) {
        bytes = new byte[Math.max(64, expectedBytes)];
    }

    /** The rows, values in column order. */
    public static CopyText of(List<Object[]> rows) {
        CopyText text = new CopyText(rows.size() * 200);
        for (Object[] row : rows) {
            text.add(row);
        }
        return text;
    }

    /** Appends a row, values in column order; a row that cannot be formatted leaves no trace. */
    void add(Object[] row) {
        int sizeBefore = size;
        try {
            row(row);
        } catch (RuntimeException e) {
            size = sizeBefore;
            throw e;
        }
    }

    /** Where the text ends now, for {@link #truncate}. */
    long mark() {
        return ((long) rows << 32) | size;
    }

    /** Drops what was appended after {@code mark}. */
    void truncate(long mark) {
        rows = (int) (mark >>> 32);
        size = (int) mark;
    }

    public int rows() {
        return rows;
    }

    /** The encoded bytes, for {@code COPY … FROM STDIN}. */
    public InputStream stream() {
        return new ByteArrayInputStream(bytes, 0, size);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    private void row(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            value(values[i]);
        }
        put((byte) '\n');
        rows++;
    }

    private void value(Object value) {
        if (value == null) {
            put(NULL);
        } else if (value instanceof String text) {
            text(text);
        } else if (value instanceof Instant instant) {
            timestamp(instant);
        } else if (value instanceof Number || value instanceof Boolean) {
            ascii(value.toString());
        } else {
            throw new IllegalArgumentException("no COPY text form for " + value.getClass().getName());
        }
    }

    private void text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> put((byte) '\\', (byte) '\\');
                case '\t' -> put((byte) '\\', (byte) 't');
                case '\n' -> put((byte) '\\', (byte) 'n');
                case '\r' -> put((byte) '\\', (byte) 'r');
                default -> {
                    if (c < 0x80) {
                        put((byte) c);
                    } else { // the rest of the string the slow way: non-ASCII is rare in telemetry
                        escapedUtf8(text.substring(i));
                        return;
                    }
                }
            }
        }
    }

    private void escapedUtf8(String text) {
        String escaped = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
        put(escaped.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code 2026-11-29 08:00:00.123457+00}: what PostgreSQL reads for a timestamptz, rounded half up to
     * the microsecond as the JDBC driver rounds {@code setTimestamp}, so that one instant written by
     * COPY here and by a prepared statement elsewhere (connectivity changes) is the same value.
     */
    private void timestamp(Instant exact) {
        Instant instant = exact.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            ascii(instant.toString()); // outside four-digit years; never in valid telemetry
            return;
        }
        digits(t.getYear(), 4);
        put((byte) '-');
        digits(t.getMonthValue(), 2);
        put((byte) '-');
        digits(t.getDayOfMonth(), 2);
        put((byte) ' ');
        digits(t.getHour(), 2);
        put((byte) ':');
        digits(t.getMinute(), 2);
        put((byte) ':');
        digits(t.getSecond(), 2);
        put((byte) '.');
        digits(t.getNano() / 1000, 6);
        put((byte) '+', (byte) '0', (byte) '0');
    }

    private void digits(int value, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            bytes[size + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += width;
    }

    private void ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    private void put(byte... more) {
        ensure(more.length);
        System.arraycopy(more, 0, bytes, size, more.length);
        size += more.length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
