import Dispatch
import Glibc

/// A listening socket whose read source accepts connections. All of its state lives on
/// the server's accept queue.
final class Listener: @unchecked Sendable {
    let fd: Int32
    let address: String
    private let source: any DispatchSourceRead
    private var suspended = false
    private var cancelled = false

    init(fd: Int32, address: String, queue: DispatchQueue, onReadable: @escaping @Sendable () -> Void) {
        self.fd = fd
        self.address = address
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler(handler: onReadable)
        source.setCancelHandler { [fd] in Glibc.close(fd) }
        source.resume()
    }

    func pause() {
        guard !suspended, !cancelled else { return }
        suspended = true
        source.suspend()
    }

    func resume() {
        guard suspended, !cancelled else { return }
        suspended = false
        source.resume()
    }

    /// Stops accepting; the socket is closed by the cancel handler, after which new
    /// connection attempts are refused.
    func cancel() {
        guard !cancelled else { return }
        // The descriptor may only be closed once the cancel handler runs, which is later and
        // on another turn of the queue. Shutting a listening socket down on Linux stops it
        // listening now, so connection attempts from here on are refused, not left queued.
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
        if suspended {
            suspended = false
            source.resume()
        }
        cancelled = true
        source.cancel()
    }
}
