import FastagBot

/// `fastag-bot migrate`.
enum Maintenance {
    static func migrate(_ settings: Settings) -> Int32 {
        do {
            let storage = try Storage(settings: settings)
            print("database \(settings.database.name) is at schema version \(try storage.schemaVersion())")
            return 0
        } catch {
            Command.printError("fastag-bot: migration failed: \(error)")
            return 1
        }
    }
}
