import HTTPServerKit

/// Turns server events into log lines: one per request (method, path without the query,
/// status, bytes, duration, request id), plus lifecycle and refusals.
enum AccessLog {
    static func record(_ event: HTTPServerEvent, to logger: Logger) {
        switch event {
        case .requestCompleted(let record):
            guard logger.isEnabled(.info) else { return }
            let milliseconds = Double(record.durationNanoseconds / 1000) / 1000
            logger.info(
                "request",
                [
                    "method": .string(record.method.rawValue), "path": .string(record.path),
                    "status": .int(record.status),
                    "bytes": .int(record.bytes), "duration_ms": .double(milliseconds),
                    "request_id": .string(record.requestID),
                ])
        case .badRequest(let status, let reason):
            logger.info("request refused", ["status": .int(status), "reason": .string(reason)])
        case .listening(let addresses):
            logger.info("listening", ["addresses": .string(addresses.joined(separator: " "))])
        case .acceptPaused(let reason):
            logger.warning("accepting paused", ["reason": .string(reason)])
        case .acceptResumed:
            logger.info("accepting resumed")
        case .shutdownStarted(let open):
            logger.info("shutting down", ["open_connections": .int(open)])
        case .shutdownFinished(let forced):
            // The last requests' lines wait in their loops' buffers, this one would go to
            // another thread's: written first, they come before it in the output.
            logger.flush(timeout: .seconds(1))
            logger.info("shutdown complete", ["forced_closed": .int(forced)])
        case .connectionOpened, .connectionClosed:
            break
        }
    }
}
