@testable import FastagBot

// The tests compare flow and step names with the strings stored in the database and sent
// by the step API, so that a renamed constant cannot change what is stored unnoticed.

extension StepName {
    static func == (name: StepName, stored: String) -> Bool { name.rawValue == stored }
    static func != (name: StepName, stored: String) -> Bool { name.rawValue != stored }
}

extension FlowName {
    static func == (name: FlowName, stored: String) -> Bool { name.rawValue == stored }
}
