import FastagBot

extension [Option] {
    /// The titles, as the step API lists them.
    package var titles: [String] { map(\.title) }
}
