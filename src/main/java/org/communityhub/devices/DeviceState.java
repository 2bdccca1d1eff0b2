package org.communityhub.devices;

/** A decommissioned device keeps its history but its messages are refused. */
public enum DeviceState {
    ACTIVE, DECOMMISSIONED
}
