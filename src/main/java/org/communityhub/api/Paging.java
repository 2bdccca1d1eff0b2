package org.communityhub.api;

import io.quarkus.panache.common.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** The {@code page} (from 0) and {@code size} query parameters of list endpoints. */
public class Paging {

    @QueryParam("page")
    @DefaultValue("0")
    @Min(0)
    public int page;

    @QueryParam("size")
    @DefaultValue("50")
    @Min(1)
    @Max(1000)
    public int size;

    public Page toPage() {
        return Page.of(page, size);
    }

    public <T> Listing<T> listing(List<T> items, long total) {
        return new Listing<>(items, total, page, size);
    }
}
