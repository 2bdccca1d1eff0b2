package org.communityhub.areas;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A statistical division code: 12 digits from province to community/village
 * ({@code PP CC DD SSS VVV}, lower levels zero-filled), and for a grid the community's 12 digits
 * followed by a 3-digit grid number. The level, the parent and the subtree follow from the digits.
 */
public record AreaCode(String value) {

    private static final Pattern DIGITS = Pattern.compile("\\d{12}|\\d{15}");

    public AreaCode {
        if (value == null || !DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("must be 12 digits (15 for a grid), e.g. 230103004001");
        }
        if (value.startsWith("00")) {
            throw new IllegalArgumentException("must start with a province number, not 00");
        }
        if (value.length() == 15 && value.endsWith("000")) {
            throw new IllegalArgumentException("a grid code must end with a grid number, not 000");
        }
    }

    public static AreaCode of(String value) {
        return new AreaCode(value);
    }

    public AreaLevel level() {
        if (value.length() == 15) {
            return AreaLevel.GRID;
        }
        for (AreaLevel level : AreaLevel.values()) {
            if (isZero(level.significantDigits(), 12)) {
                return level;
            }
        }
        return AreaLevel.COMMUNITY;
    }

    /** The code of the enclosing area; empty for a province. */
    public Optional<AreaCode> parent() {
        AreaLevel level = level();
        if (level == AreaLevel.PROVINCE) {
            return Optional.empty();
        }
        int keep = AreaLevel.values()[level.ordinal() - 1].significantDigits();
        return Optional.of(new AreaCode(value.substring(0, keep) + "0".repeat(12 - keep)));
    }

    /** The digits every code in this area's subtree starts with. */
    public String subtreePrefix() {
        return value.substring(0, level().significantDigits());
    }

    public boolean contains(AreaCode other) {
        return other.value.startsWith(subtreePrefix());
    }

    private boolean isZero(int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
