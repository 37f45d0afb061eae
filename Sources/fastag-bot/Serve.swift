import Dispatch
import FastagBot
import Glibc
import Synchronization

/// `fastag-bot serve`: start the application and stop it gracefully on SIGINT or SIGTERM
/// (a second signal during the grace period stops at once). The log is written in blocks
/// from a thread of its own (`BufferedLogSink`) and flushed before the process exits.
enum Serve {
    /// How long the exit waits for the log's destination; a blocked one loses its last lines.
    static let logFlushTimeout: Duration = .seconds(3)

    static func run(_ settings: Settings) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let log = BufferedLogSink()
        defer { log.flush(timeout: logFlushTimeout) }
        let app: Application
        do {
            app = try Application(settings: settings, logSink: log)
        } catch {
            Command.printError("fastag-bot: cannot open the database \(settings.database.name): \(error)")
            return 1
        }
        do {
            try app.start()
        } catch {
            Command.printError("fastag-bot: cannot listen on \(settings.host):\(settings.port): \(error)")
            return 1
        }
        app.logger.info(
            "\(FastagBotInfo.name) \(FastagBotInfo.version) ready",
            ["url": .string("http://\(app.addresses.first ?? "")"), "docs": "/docs"])
        // Printed once, straight to the terminal, so the quick start works without setup.
        for name in app.generatedTokens {
            let token = name == "ADMIN_TOKEN" ? app.adminToken : app.stepAPIToken
            Command.printError("\(name) is not set; the token for this run is \(token)")
        }
        let signalNumber = await firstSignal(app)
        app.logger.info("signal received, shutting down", ["signal": .int(Int(signalNumber))])
        await app.shutdown()
        return 0
    }

    /// Waits for SIGINT or SIGTERM; a second one exits at once.
    private static func firstSignal(_ app: Application) async -> Int32 {
        let watcher = SignalWatcher([SIGINT, SIGTERM]) {
            app.logger.warning("second signal: exiting without waiting")
            app.logger.flush(timeout: logFlushTimeout)
            exit(1)
        }
        keep.withLock { $0 = watcher }
        for await number in watcher.signals {
            return number
        }
        return SIGTERM
    }

    /// Keeps the watcher (and so a second signal's handler) alive until the process ends.
    private static let keep = Mutex<SignalWatcher?>(nil)
}

/// Dispatch signal sources (the documented way to handle signals with libdispatch): the
/// first signal is delivered through `signals`, any later one calls `onRepeat`.
final class SignalWatcher: Sendable {
    let signals: AsyncStream<Int32>
    private let count = Atomic<Int>(0)
    private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []  // written once, in init

    init(_ numbers: [Int32], onRepeat: @escaping @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        signals = stream
        sources = numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { @Sendable [self] in
                if count.wrappingAdd(1, ordering: .relaxed).oldValue == 0 {
                    continuation.yield(number)
                } else {
                    onRepeat()
                }
            }
            source.resume()
            return source
        }
    }
}
