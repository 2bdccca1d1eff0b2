package org.communityhub.areas;

/** Levels of the administrative tree, each with the number of code digits that identify it. */
public enum AreaLevel {
    PROVINCE(2), CITY(4), COUNTY(6), STREET(9), COMMUNITY(12), GRID(15);

    private final int significantDigits;

    AreaLevel(int significantDigits) {
        this.significantDigits = significantDigits;
    }

    int significantDigits() {
        return significantDigits;
    }

    /** Devices are installed in a community/village or one of its grids. */
    public boolean holdsDevices() {
        return this == COMMUNITY || this == GRID;
    }
}
