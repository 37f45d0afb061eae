import CEventPoll
import Glibc

/// Thin wrappers over the Glibc socket calls the server needs. File descriptors are plain
/// `Int32`s owned by exactly one object (a `Listener` or a `HTTPConnection`), which closes them.
enum Socket {
    /// Resolves `host` (a name or a literal IPv4/IPv6 address) and returns listening,
    /// non-blocking sockets for each address, all on one port (the first one's, when `port` is 0).
    static func listen(host: String, port: Int, backlog: Int32) throws -> [(fd: Int32, address: String)] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw SocketError("resolving '\(host)': \(String(cString: gai_strerror(status)))", code: status)
        }
        defer { freeaddrinfo(first) }

        var sockets: [(fd: Int32, address: String)] = []
        var boundPort = port
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        do {
            while let info = cursor {
                cursor = info.pointee.ai_next
                let family = info.pointee.ai_family
                guard family == AF_INET || family == AF_INET6, let address = info.pointee.ai_addr else { continue }
                let fd = socket(
                    family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                    0)
                guard fd >= 0 else { throw SocketError("socket") }
                do {
                    try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
                    if family == AF_INET6 {
                        // "::" alone serves IPv4 too; otherwise each family gets its own socket.
                        try setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, host == "::" ? 0 : 1)
                    }
                    setPort(address, boundPort)
                    guard bind(fd, address, info.pointee.ai_addrlen) == 0 else {
                        throw SocketError("bind \(host):\(boundPort)")
                    }
                    guard Glibc.listen(fd, backlog) == 0 else { throw SocketError("listen") }
                    let (name, actualPort) = try localAddress(fd)
                    boundPort = actualPort
                    sockets.append((fd, name))
                } catch {
                    close(fd)
                    throw error
                }
            }
        } catch {
            sockets.forEach { close($0.fd) }
            throw error
        }
        guard !sockets.isEmpty else { throw SocketError("no usable address for '\(host)'", code: EADDRNOTAVAIL) }
        return sockets
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError("setsockopt")
        }
    }

    /// Accepts one pending connection as a non-blocking socket with TCP_NODELAY.
    /// Returns nil when none is pending (EAGAIN); throws for real failures such as EMFILE.
    static func accept(_ listener: Int32) throws -> Int32? {
        while true {
            let fd = cep_accept_nonblocking(listener)
            if fd >= 0 {
                try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                return fd
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return nil
            case EINTR, ECONNABORTED, EPROTO: continue
            default: throw SocketError("accept")
            }
        }
    }

    /// The printable address and port a socket is bound to.
    static func localAddress(_ fd: Int32) throws -> (String, Int) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { throw SocketError("getsockname") }
        return describe(&storage)
    }

    private static func describe(_ storage: inout sockaddr_storage) -> (String, Int) {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let isIPv6 = storage.ss_family == sa_family_t(AF_INET6)
        let networkPort = withUnsafePointer(to: &storage) { pointer in
            if isIPv6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                    return address.pointee.sin6_port
                }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                    return address.pointee.sin_port
                }
            }
        }
        let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let port = Int(UInt16(bigEndian: networkPort))
        return (isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)", port)
    }

    private static func setPort(_ address: UnsafeMutablePointer<sockaddr>, _ port: Int) {
        let value = UInt16(truncatingIfNeeded: port).bigEndian
        if Int32(address.pointee.sa_family) == AF_INET6 {
            address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port = value }
        } else {
            address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port = value }
        }
    }
}
