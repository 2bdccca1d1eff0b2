package org.communityhub.alerts;

/** How urgent an alert is, most urgent first. */
public enum Severity {
    /** A person or the public may be in danger now (SOS, fall, a forced door, a silent broadcast unit). */
    CRITICAL,
    /** A service is down for residents. */
    MAJOR,
    /** A service is degraded or soon will be. */
    MINOR,
    /** Worth a look on the next round. */
    WARNING
}
