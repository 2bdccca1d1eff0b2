package org.communityhub.reports;

/** What one row of an uptime report stands for, with the area code digits that key it (none for a device). */
public enum GroupBy {
    DEVICE(0), COMMUNITY(12), STREET(9), DISTRICT(6), CITY(4);

    private final int digits;

    GroupBy(int digits) {
        this.digits = digits;
    }

    public int digits() {
        return digits;
    }
}
