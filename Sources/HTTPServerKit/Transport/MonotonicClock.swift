import Dispatch

/// Monotonic time in nanoseconds. The connection's state machine reads the time only
/// through this, so that its tests move time by hand instead of sleeping.
protocol MonotonicClock {
    var now: UInt64 { get }
}

/// The system's monotonic clock, the one the server's deadline sweeper reads too.
struct UptimeClock: MonotonicClock {
    var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
}
