package org.communityhub.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void valuesAreTabSeparatedRowsEndWithANewlineAndNullIsBackslashN() {
        CopyText text = CopyText.of(List.of(
                new Object[] {"kiosk-1", 42L, 47.5, true, null},
                new Object[] {"kiosk-2", 0L, -0.25, false, "{}"}));
        assertEquals("kiosk-1\t42\t47.5\ttrue\t\\N\nkiosk-2\t0\t-0.25\tfalse\t{}\n", text.toString());
        assertEquals(2, text.rows());
    }

    @Test
    void backslashTabNewlineAndCarriageReturnAreEscapedAndNonAsciiIsUtf8() throws IOException {
        CopyText text = CopyText.of(List.<Object[]>of(new Object[] {"a\\b\tc\nd\re", "社区 \\ 一\t号"}));
        assertEquals("a\\\\b\\tc\\nd\\re\t社区 \\\\ 一\\t号\n", text.toString());
        assertEquals(text.toString(), new String(text.stream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void instantsAreUtcTimestampsRoundedHalfUpToTheMicrosecondAsTheJdbcDriverDoes() {
        CopyText text = CopyText.of(List.<Object[]>of(new Object[] {
            Instant.parse("2026-11-29T08:05:09.123456789Z"), Instant.parse("2026-11-29T08:05:09.123456499Z"),
            Instant.parse("2026-12-31T23:59:59.9999995Z"), Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("0999-12-31T23:59:59Z")}));
        assertEquals("2026-11-29 08:05:09.123457+00\t2026-11-29 08:05:09.123456+00\t2027-01-01 00:00:00.000000+00"
                + "\t2026-01-01 00:00:00.000000+00\t0999-12-31T23:59:59Z\n", text.toString());
    }

    @Test
    void aValueWithoutATextFormIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CopyText.of(List.<Object[]>of(new Object[] {new Object()})));
    }

    @Test
    void aRowThatCannotBeFormattedLeavesNoTraceAndAMarkUndoesWhatFollowsIt() {
        CopyText text = CopyText.of(List.<Object[]>of(new Object[] {"a", 1}));
        assertThrows(IllegalArgumentException.class, () -> text.add(new Object[] {"half a row", new Object()}));
        assertEquals("a\t1\n", text.toString());
        long mark = text.mark();
        text.add(new Object[] {"b", 2});
        text.truncate(mark);
        assertEquals(1, text.rows());
        assertEquals("a\t1\n", text.toString());
    }
}
