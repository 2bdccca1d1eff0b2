package org.communityhub.ingest;

/** Why a message was dead-lettered. The names are stable: they appear in the API and in metrics. */
public enum Reason {
    /** The topic is not {@code hub/v1/{deviceId}/{channel}} or the device id is not valid. */
    BAD_TOPIC,
    /** The channel is not one of the contract's. */
    UNKNOWN_CHANNEL,
    /** The payload is larger than {@code hub.ingest.max-payload-bytes}. */
    OVERSIZED,
    /** The payload is not JSON, or not an object / array of objects. */
    MALFORMED_JSON,
    /** A field has the wrong JSON type. */
    WRONG_TYPE,
    /** A number outside its range, or a value outside its enumeration. */
    OUT_OF_RANGE,
    /** {@code ts} or {@code seq} is missing. */
    MISSING_FIELD,
    /** {@code ts} is further in the future than {@code hub.ingest.max-future-skew}. */
    TS_IN_FUTURE,
    /** {@code ts} is older than {@code hub.ingest.max-age}. */
    TS_TOO_OLD,
    /** No device with this id is registered. */
    UNKNOWN_DEVICE,
    /** The device is decommissioned. */
    DECOMMISSIONED_DEVICE,
    /** The device's MQTT credential is revoked (whatever the broker let through). */
    REVOKED_DEVICE,
    /** A command/ack names no command, or a command sent to another device. */
    UNKNOWN_COMMAND,
    /**
     * The database refused this message although the edge let it through (a gap in the edge's
     * checks); the detail gives the SQLSTATE and the database's message.
     */
    DATABASE_REJECTED,
    /** The hub failed on this message (a defect); the detail names the error. */
    PROCESSING_FAILED
}
