import Glibc

/// A blocking TCP socket to 127.0.0.1, for the clients that write raw bytes.
package enum LoopbackSocket {
    /// Tries to connect; returns the socket, or -1 and the errno (e.g. ECONNREFUSED).
    /// `receiveBuffer` shrinks SO_RCVBUF (before connecting, so the window stays small).
    package static func connect(port: Int, receiveBuffer: Int32? = nil) -> (fd: Int32, error: Int32) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return (-1, errno) }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let error = errno
            Glibc.close(fd)
            return (-1, error)
        }
        return (fd, 0)
    }
}
