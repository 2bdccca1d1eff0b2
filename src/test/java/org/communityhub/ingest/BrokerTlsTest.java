package org.communityhub.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's TLS to the broker against a real Mosquitto TLS listener whose certificate names
 * {@code localhost} only: reached as {@code localhost} the handshake succeeds; reached as
 * {@code 127.0.0.1}, the same trusted certificate is refused because it does not name that host.
 */
class BrokerTlsTest {

    @TempDir
    static Path dir;

    private static Process mosquitto;
    private static int port;
    private static TrustManagerFactory trust;
    private static final NioEventLoopGroup GROUP = new NioEventLoopGroup(1);

    @BeforeAll
    static void startATlsBroker() throws Exception {
        assertTrue(Files.exists(Path.of("/usr/sbin/mosquitto")), "this test runs Debian's Mosquitto: apt-get install -y mosquitto");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1",
                "-subj", "/CN=hub test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "1", "-extfile", "san.ext");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", "listener " + port + " 127.0.0.1",
                "allow_anonymous true", "certfile " + dir.resolve("server.crt"), "keyfile " + dir.resolve("server.key"),
                "user root", ""));
        mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(listening(), "Mosquitto's TLS listener did not open: " + Files.readString(dir.resolve("mosquitto.log")));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream ca = Files.newInputStream(dir.resolve("ca.crt"))) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
    }

    @Test
    void aCertificateNamingTheHostIsAccepted() throws Exception {
        assertTrue(handshake(new BrokerTls(trust), "localhost"));
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        assertFalse(handshake(new BrokerTls(trust), "127.0.0.1"));
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        assertFalse(handshake(new BrokerTls(null), "localhost"));
    }

    private static boolean handshake(BrokerTls tls, String host) throws Exception {
        AtomicReference<SslHandler> handler = new AtomicReference<>();
        Channel channel = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        handler.set(tls.handler(channel.alloc(), host, port));
                        channel.pipeline().addLast(handler.get());
                    }
                }).connect("127.0.0.1", port).sync().channel();
        try {
            return handler.get().handshakeFuture().await(10, TimeUnit.SECONDS) && handler.get().handshakeFuture().isSuccess();
        } finally {
            channel.close().sync();
        }
    }

    private static boolean listening() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "openssl failed: " + output);
    }

    @AfterAll
    static void stop() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
        GROUP.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
