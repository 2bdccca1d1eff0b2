package org.communityhub.security;

import io.vertx.core.http.HttpServerRequest;

/** Where a request came from, as this hub sees it: behind a proxy, the proxy's address. */
public final class SourceAddress {

    private SourceAddress() {
    }

    /** The client's IP address, or null when the connection does not say (a request without a socket). */
    public static String of(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
