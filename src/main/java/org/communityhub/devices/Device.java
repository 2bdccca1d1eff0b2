package org.communityhub.devices;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A registered device. Its class is fixed at registration: it decides where its telemetry goes. */
@Entity
@Table(name = "devices")
public class Device extends PanacheEntityBase {

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "device_class", updatable = false)
    public DeviceClass deviceClass;

    @Column(name = "area_code")
    public String areaCode;

    public String name;
    public Double lat;
    public Double lon;
    public String address;
    public String model;
    public String firmware;

    @Column(name = "installed_at")
    public Instant installedAt;

    @Enumerated(EnumType.STRING)
    public DeviceState state;

    /** Overrides the class's expected reporting interval for this device, in seconds. */
    @Column(name = "expected_interval_s")
    public Integer expectedIntervalSeconds;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When the device was taken out of service; null while it is active. */
    @Column(name = "decommissioned_at")
    public Instant decommissionedAt;

    @Version
    public long version;
}
