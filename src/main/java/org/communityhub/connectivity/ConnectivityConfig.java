package org.communityhub.connectivity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.communityhub.devices.DeviceClass;
import org.communityhub.devices.DeviceDirectory;

@ConfigMapping(prefix = "hub.connectivity")
public interface ConnectivityConfig {

    /** Expected interval between two messages of a kiosk (its heartbeat). */
    @WithDefault("60s")
    Duration kioskInterval();

    /** Expected interval between two messages of a parcel locker. */
    @WithDefault("300s")
    Duration parcelLockerInterval();

    /** Expected interval between two messages of a broadcast unit. */
    @WithDefault("300s")
    Duration broadcastUnitInterval();

    /** Expected interval between two messages of an elder-alert device. */
    @WithDefault("600s")
    Duration elderAlertInterval();

    /** A device is online while its messages arrive within this many expected intervals. */
    @WithDefault("2.0")
    double offlineFactor();

    /** How often silent devices are looked for (and the hub records that it is alive). */
    @WithDefault("5s")
    Duration sweepInterval();

    /**
     * How long the hub waits for its first catch-up mark to come back before it assumes it has caught
     * up anyway (a broker that refuses the hub its mark topic; docs/connectivity.md).
     */
    @WithDefault("15m")
    Duration catchUpTimeout();

    /**
     * With several replicas sharing the stream: how long silence may wait for a replica that is away
     * or catching up before the devices it may hold messages of are marked unknown
     * (REPLICA_BEHIND) instead (docs/connectivity.md#several-replicas).
     */
    @WithDefault("2m")
    Duration replicaGrace();

    /** How often the in-memory registry is read again from the database. */
    @WithDefault("30s")
    Duration registryRefresh();

    /** How long the device may be silent and still online: offline-factor × its expected interval. */
    default Duration allowedSilence(DeviceDirectory.Entry device) {
        Duration interval = device.expectedIntervalSeconds() != null
                ? Duration.ofSeconds(device.expectedIntervalSeconds())
                : interval(device.deviceClass());
        return Duration.ofMillis(Math.round(interval.toMillis() * offlineFactor()));
    }

    default Duration interval(DeviceClass deviceClass) {
        return switch (deviceClass) {
            case KIOSK -> kioskInterval();
            case PARCEL_LOCKER -> parcelLockerInterval();
            case BROADCAST_UNIT -> broadcastUnitInterval();
            case ELDER_ALERT -> elderAlertInterval();
        };
    }
}
