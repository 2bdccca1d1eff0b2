package org.communityhub.areas;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.StringJoiner;

/** The administrative tree as stored. */
@ApplicationScoped
public class Areas implements PanacheRepositoryBase<Area, String> {

    /** Areas matching every filter that is not null, ordered by code. */
    public record Filter(AreaCode under, AreaCode parent, AreaLevel level) {
    }

    public Uni<List<Area>> list(Filter filter, Page page) {
        Query query = query(filter);
        return find(query.where, Sort.by("code"), query.parameters).page(page).list();
    }

    public Uni<Long> count(Filter filter) {
        Query query = query(filter);
        return count(query.where, query.parameters);
    }

    public Uni<Boolean> hasChildren(String code) {
        return count("parentCode", code).map(n -> n > 0);
    }

    private record Query(String where, Parameters parameters) {
    }

    private static Query query(Filter filter) {
        StringJoiner where = new StringJoiner(" and ");
        Parameters parameters = new Parameters();
        where.add("1 = 1");
        if (filter.under() != null) {
            where.add("code like :prefix");
            parameters.and("prefix", filter.under().subtreePrefix() + "%");
        }
        if (filter.parent() != null) {
            where.add("parentCode = :parent");
            parameters.and("parent", filter.parent().value());
        }
        if (filter.level() != null) {
            where.add("level = :level");
            parameters.and("level", filter.level());
        }
        return new Query(where.toString(), parameters);
    }
}
