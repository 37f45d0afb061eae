import Dispatch
import FastagBot
import Glibc
import Synchronization

/// `fastag-bot serve`: start the application and stop it gracefully on SIGINT or SIGTERM
/// (a second signal during the grace period stops at once).
enum Serve {
    static func run(_ settings: Settings) -> Never {
        signal(SIGPIPE, SIG_IGN)
        let app: Application
        do {
            app = try Application(settings: settings)
        } catch {
            Command.printError("fastag-bot: cannot open the database \(settings.databasePath): \(error)")
            exit(1)
        }
        do {
            try app.start()
        } catch {
            Command.printError("fastag-bot: cannot listen on \(settings.host):\(settings.port): \(error)")
            exit(1)
        }
        app.logger.info(
            "\(FastagBotInfo.name) \(FastagBotInfo.version) ready",
            ["url": .string("http://\(app.addresses.first ?? "")"), "docs": "/docs"])
        if app.adminTokenWasGenerated {
            // Printed once, straight to the terminal, so the quick start works without setup.
            Command.printError("ADMIN_TOKEN is not set; the admin token for this run is \(app.adminToken)")
        }
        let sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { @Sendable in stop(app, signal: signalNumber) }
            source.resume()
            return source
        }
        withExtendedLifetime(sources) {
            dispatchMain()
        }
    }

    private static let stopping = Mutex(false)

    private static func stop(_ app: Application, signal: Int32) {
        let alreadyStopping = stopping.withLock { value in
            defer { value = true }
            return value
        }
        if alreadyStopping {
            app.logger.warning("second signal: exiting without waiting")
            exit(1)
        }
        app.logger.info("signal received, shutting down", ["signal": .int(Int(signal))])
        Task {
            await app.shutdown()
            exit(0)
        }
    }
}
