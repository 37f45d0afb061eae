extension HTTPConnectionStateMachine {
    /// When the current phase must end.
    struct Deadline: Equatable {
        enum Phase: Equatable {
            /// From the first byte of a request (or of the connection) to the end of its head.
            case header
            /// The whole body, from the end of its head.
            case body
            /// Keep-alive, between requests.
            case idle
            /// A response the client does not read.
            case write
            /// The client's close after the last response.
            case linger
        }

        var phase: Phase
        /// Monotonic nanoseconds.
        var instant: UInt64

        init(_ phase: Phase, at instant: UInt64) {
            self.phase = phase
            self.instant = instant
        }
    }

    /// How long each phase may take, in nanoseconds.
    struct Timeouts {
        var header: UInt64
        var body: UInt64
        var idle: UInt64
        var write: UInt64
        /// How long a client gets to close after the last response.
        var linger: UInt64 = 2_000_000_000
    }
}

extension HTTPConnectionStateMachine.Timeouts {
    init(_ configuration: HTTPServerConfiguration) {
        header = configuration.headerReadTimeout.nanoseconds
        body = configuration.bodyReadTimeout.nanoseconds
        idle = configuration.idleTimeout.nanoseconds
        write = configuration.writeTimeout.nanoseconds
    }
}
