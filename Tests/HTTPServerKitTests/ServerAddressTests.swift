import Glibc
import HTTPServerKit
import Testing

/// Whether this machine has an IPv6 loopback to listen on (containers may not).
private func hasIPv6Loopback() -> Bool {
    let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
        }
    }
}

extension ServerTests {
    @Test("the bound address is reported with its port: IPv4 as is, IPv6 in brackets")
    func boundAddresses() async throws {
        let ipv4 = try LiveServer.start()
        #expect(ipv4.server.addresses == ["127.0.0.1:\(ipv4.port)"])
        #expect(ipv4.port > 0)
        await ipv4.server.shutdown()
        guard hasIPv6Loopback() else { return }
        let ipv6 = try LiveServer.start { $0.host = "::1" }
        #expect(ipv6.server.addresses == ["[::1]:\(ipv6.port)"])
        #expect(ipv6.port > 0)
        await ipv6.server.shutdown()
    }
}
