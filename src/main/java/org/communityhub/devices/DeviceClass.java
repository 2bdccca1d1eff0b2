package org.communityhub.devices;

/** The four kinds of community device of the contract (MISSION.md §1). */
public enum DeviceClass {
    /** Government self-service kiosk. */
    KIOSK,
    /** Smart parcel locker. */
    PARCEL_LOCKER,
    /** Public emergency broadcast unit. */
    BROADCAST_UNIT,
    /** Alarm device of an elderly resident living alone. */
    ELDER_ALERT
}
