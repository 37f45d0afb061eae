import FastagBot
import TestKit

/// Runs `body` against a fresh server (its own temporary database), reached in-process
/// unless told otherwise, and stops the server afterwards, whether `body` threw or not.
/// Unless told to keep it, the sandbox's demo data is removed first (through the API), so
/// that every test starts from an empty store.
package func withServer(
    over transport: TestServer.Transport = .inProcess, keepingSeed: Bool = false, time: any TimeSource = SystemTime(),
    _ configure: (inout Settings) -> Void = { _ in }, _ body: (TestServer) async throws -> Void
) async throws {
    let server = try TestServer(over: transport, time: time, configure)
    try await tryFinally {
        if !keepingSeed { try await server.removeSeedData() }
        try await body(server)
    } finally: {
        await server.stop()
    }
}
