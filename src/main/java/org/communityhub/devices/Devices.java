package org.communityhub.devices;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.StringJoiner;
import org.communityhub.areas.AreaCode;

/** The device registry. */
@ApplicationScoped
public class Devices implements PanacheRepositoryBase<Device, String> {

    /** Devices matching every filter that is not null, ordered by id. */
    public record Filter(DeviceClass deviceClass, AreaCode area, DeviceState state) {
    }

    public Uni<List<Device>> list(Filter filter, Page page) {
        Query query = query(filter);
        return find(query.where, Sort.by("id"), query.parameters).page(page).list();
    }

    public Uni<Long> count(Filter filter) {
        Query query = query(filter);
        return count(query.where, query.parameters);
    }

    /** Whether any device, active or not, is registered directly in this area. */
    public Uni<Boolean> existIn(String areaCode) {
        return count("areaCode", areaCode).map(n -> n > 0);
    }

    private record Query(String where, Parameters parameters) {
    }

    private static Query query(Filter filter) {
        StringJoiner where = new StringJoiner(" and ");
        Parameters parameters = new Parameters();
        where.add("1 = 1");
        if (filter.deviceClass() != null) {
            where.add("deviceClass = :deviceClass");
            parameters.and("deviceClass", filter.deviceClass());
        }
        if (filter.area() != null) {
            where.add("areaCode like :prefix");
            parameters.and("prefix", filter.area().subtreePrefix() + "%");
        }
        if (filter.state() != null) {
            where.add("state = :state");
            parameters.and("state", filter.state());
        }
        return new Query(where.toString(), parameters);
    }
}
