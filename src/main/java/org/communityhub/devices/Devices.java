package org.communityhub.devices;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.communityhub.api.Where;
import org.communityhub.areas.AreaCode;

/** The device registry. */
@ApplicationScoped
public class Devices implements PanacheRepositoryBase<Device, String> {

    /**
     * Devices matching every filter that is not null, ordered by id; {@code within} holds the caller's
     * subtree prefixes ({@link org.communityhub.security.Scope#prefixes()}).
     */
    public record Filter(DeviceClass deviceClass, AreaCode area, DeviceState state, String[] within) {
    }

    public Uni<List<Device>> list(Filter filter, Page page) {
        Where where = where(filter);
        return find(where.query(), Sort.by("id"), where.parameters()).page(page).list();
    }

    public Uni<Long> count(Filter filter) {
        Where where = where(filter);
        return count(where.query(), where.parameters());
    }

    /** Whether any device, active or not, is registered directly in this area. */
    public Uni<Boolean> existIn(String areaCode) {
        return count("areaCode", areaCode).map(n -> n > 0);
    }

    private static Where where(Filter filter) {
        return new Where()
                .and("deviceClass = :deviceClass", "deviceClass", filter.deviceClass())
                .and("areaCode like :prefix", "prefix", filter.area() == null ? null : filter.area().subtreePrefix() + "%")
                .and("state = :state", "state", filter.state())
                .andWithin("areaCode", filter.within());
    }
}
