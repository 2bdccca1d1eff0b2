package org.communityhub.simulators;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is buffered. Paho 1.2.5 reads every packet header byte by byte
 * from the socket's raw stream (a {@code DataInputStream} with no buffer), which costs several
 * system calls per message; under the hub's load that was half of the machine's CPU time in the
 * kernel. Given to Paho through {@code MqttConnectOptions.setSocketFactory} (the hub has the same class).
 */
public final class BufferedSockets extends SocketFactory {

    static final int BUFFER_BYTES = 64 * 1024;

    /** The only one Paho calls: an unconnected socket, which it connects itself. */
    @Override
    public Socket createSocket() {
        return new BufferedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = new BufferedSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }

    private static final class BufferedSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), BUFFER_BYTES);
            }
            return in;
        }
    }
}
