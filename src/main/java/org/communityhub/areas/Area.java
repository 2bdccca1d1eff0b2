package org.communityhub.areas;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A node of the administrative tree, keyed by its statistical division code. */
@Entity
@Table(name = "areas")
public class Area extends PanacheEntityBase {

    @Id
    public String code;

    public String name;

    @Enumerated(EnumType.STRING)
    public AreaLevel level;

    @Column(name = "parent_code")
    public String parentCode;

    @Enumerated(EnumType.STRING)
    public AreaKind kind;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
