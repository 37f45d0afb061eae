/// A flow's name, as stored in `sessions.flow` and named by the step API's paths
/// (`/fastags/assign/…`). The flows' own files define the names of their tables.
struct FlowName: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: String

    /// A name as stored: an operator may have stored one that names no table.
    init(rawValue: String) { self.rawValue = rawValue }

    var description: String { rawValue }
}

/// A step's name, as stored in `sessions.state`. A step's answer is kept in the session's
/// data under the same name, and values it keeps beside it under `name.something`. Each
/// flow's file defines the names of its steps.
struct StepName: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: String

    /// A name as stored: an operator may have stored one that names no step.
    init(rawValue: String) { self.rawValue = rawValue }

    var description: String { rawValue }

    /// The data key of the step's answer or, with `side`, of a value the step keeps beside
    /// it (`plan.options`).
    func key(_ side: String? = nil) -> String { side.map { "\(rawValue).\($0)" } ?? rawValue }
}

extension Session {
    /// The flow the session is in.
    var flowName: FlowName {
        get { FlowName(rawValue: flow) }
        set { flow = newValue.rawValue }
    }

    /// The step the session is at.
    var stepName: StepName {
        get { StepName(rawValue: state) }
        set { state = newValue.rawValue }
    }

    init(id: String, channel: Channel, chatID: String?, flow: FlowName, step: StepName, now: Int64) {
        self.init(id: id, channel: channel, chatID: chatID, flow: flow.rawValue, state: step.rawValue, now: now)
    }

    /// A step's answer in the session's data or, with `side`, a value the step keeps beside it.
    subscript(_ field: StepName, side side: String? = nil) -> JSONValue? {
        get { data[field.key(side)] }
        set { data[field.key(side)] = newValue }
    }
}
