package org.communityhub.api;

import java.util.List;

/** The envelope of every list endpoint: one page of items and the total count that matched. */
public record Listing<T>(List<T> items, long total, int page, int size) {
}
