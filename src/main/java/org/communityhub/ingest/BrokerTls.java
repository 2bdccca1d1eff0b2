package org.communityhub.ingest;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to the broker ({@code ssl://} URLs): the broker's certificate must chain to a trusted
 * authority (the JVM's trust store, {@code -Djavax.net.ssl.trustStore} for a private one) and name
 * the host the URL names. Netty checks the chain but not the name unless asked (its client default
 * before 4.2), so a certificate for any other host would pass; the endpoint identification below is
 * what makes a machine in the middle fail.
 */
final class BrokerTls {

    private final SslContext context;

    /** {@code trust}: null for the JVM's trust store. */
    BrokerTls(TrustManagerFactory trust) {
        try {
            this.context = SslContextBuilder.forClient().trustManager(trust).build();
        } catch (SSLException e) {
            throw new IllegalStateException("TLS for MQTT could not be set up", e);
        }
    }

    /** A handler for a connection to {@code host}, which the broker's certificate must name. */
    SslHandler handler(ByteBufAllocator allocator, String host, int port) {
        SslHandler handler = context.newHandler(allocator, host, port);
        SSLParameters parameters = handler.engine().getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        handler.engine().setSSLParameters(parameters);
        return handler;
    }
}
