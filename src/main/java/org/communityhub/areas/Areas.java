package org.communityhub.areas;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.communityhub.api.Where;

/** The administrative tree as stored. */
@ApplicationScoped
public class Areas implements PanacheRepositoryBase<Area, String> {

    /**
     * Areas matching every filter that is not null, ordered by code; {@code within} holds the caller's
     * subtree prefixes ({@link org.communityhub.security.Scope#prefixes()}).
     */
    public record Filter(AreaCode under, AreaCode parent, AreaLevel level, String[] within) {
    }

    public Uni<List<Area>> list(Filter filter, Page page) {
        Where where = where(filter);
        return find(where.query(), Sort.by("code"), where.parameters()).page(page).list();
    }

    public Uni<Long> count(Filter filter) {
        Where where = where(filter);
        return count(where.query(), where.parameters());
    }

    public Uni<Boolean> hasChildren(String code) {
        return count("parentCode", code).map(n -> n > 0);
    }

    private static Where where(Filter filter) {
        return new Where()
                .and("code like :prefix", "prefix", filter.under() == null ? null : filter.under().subtreePrefix() + "%")
                .and("parentCode = :parent", "parent", filter.parent() == null ? null : filter.parent().value())
                .and("level = :level", "level", filter.level())
                .andWithin("code", filter.within());
    }
}
