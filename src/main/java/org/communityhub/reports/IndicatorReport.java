package org.communityhub.reports;

import java.time.Instant;
import java.util.List;

/**
 * The plan's indicators per area of a level (docs/uptime.md#the-plans-indicators): each with how many
 * meet it of how many, the share, the target and whether it is met, and what falls short.
 */
public record IndicatorReport(String areaCode, String areaName, Instant from, Instant to, GroupBy groupBy,
        List<Row> items, long total, int page, int size) {

    /** One area of the requested level with its indicators. */
    public record Row(String areaCode, String name, List<Indicator> indicators) {
    }

    /**
     * One indicator of one area: {@code meeting} of {@code of} meet it ({@code percent}, null when
     * {@code of} is 0), against {@code targetPercent}; {@code shortfall} lists what falls short (at
     * most {@link Indicators#SHORTFALL_LISTED}; {@code shortfallCount} says how many in all).
     */
    public record Indicator(String indicator, String title, long meeting, long of, Double percent,
            double targetPercent, Boolean met, long shortfallCount, List<Shortfall> shortfall) {
    }

    /** A community or a device that falls short, and why. */
    public record Shortfall(String areaCode, String name, String deviceId, String reason) {
    }
}
