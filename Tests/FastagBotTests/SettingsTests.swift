import FastagBot
import Foundation
import SQLite
import Testing

@Suite struct SettingsTests {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "settings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func defaultsServeSandboxOnLoopback8000() throws {
        let loaded = try SettingsLoader.load(
            environment: [:], arguments: [], workingDirectory: try temporaryDirectory())
        #expect(loaded.settings.host == "127.0.0.1")
        #expect(loaded.settings.port == 8000)
        #expect(loaded.settings.databasePath == "./fastag_bot.db")
        #expect(loaded.settings.logLevel == .info)
    }

    @Test func laterSourcesWinEnvironmentThenDotEnvThenFlags() throws {
        let directory = try temporaryDirectory()
        try "PORT=9001\nHOST=0.0.0.0\n".write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        let environment = ["PORT": "9000", "HOST": "::1", "LOG_LEVEL": "warning"]

        let fromFile = try SettingsLoader.load(environment: environment, arguments: [], workingDirectory: directory)
        #expect(fromFile.settings.port == 9001)
        #expect(fromFile.settings.host == "0.0.0.0")
        #expect(fromFile.settings.logLevel == .warning)
        #expect(fromFile.origins["LOG_LEVEL"] == "environment")

        let fromFlags = try SettingsLoader.load(
            environment: environment, arguments: ["--port", "9002", "--log-level=debug"], workingDirectory: directory)
        #expect(fromFlags.settings.port == 9002)
        #expect(fromFlags.settings.logLevel == .debug)
        #expect(fromFlags.settings.host == "0.0.0.0")
        #expect(fromFlags.origins["PORT"] == "command line")
    }

    @Test func explicitEnvFileReplacesTheDefaultOne() throws {
        let directory = try temporaryDirectory()
        try "PORT=9001\n".write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        try "PORT=9005\n".write(toFile: directory + "/other.env", atomically: true, encoding: .utf8)
        let loaded = try SettingsLoader.load(
            environment: [:], arguments: ["--env-file", directory + "/other.env"], workingDirectory: directory)
        #expect(loaded.settings.port == 9005)

        #expect(throws: SettingsLoader.Failure.self) {
            try SettingsLoader.load(
                environment: [:], arguments: ["--env-file", directory + "/missing.env"], workingDirectory: directory)
        }
    }

    @Test func typoedValueNamesTheSettingAndWhereItCameFrom() throws {
        let directory = try temporaryDirectory()
        do {
            _ = try SettingsLoader.load(
                environment: ["IDLE_TIMEOUT": "soon"], arguments: ["--port", "80x"], workingDirectory: directory)
            Issue.record("expected a failure")
        } catch {
            let text = error.description
            #expect(text.contains("PORT: '80x' from command line is not a port number (0-65535)"))
            #expect(text.contains("IDLE_TIMEOUT: 'soon' from environment is not a number of seconds"))
        }
    }

    @Test func theAlbumWindowIsAShortWaitInSeconds() throws {
        let directory = try temporaryDirectory()
        let load = { (value: String) in
            try SettingsLoader.load(
                environment: ["CHAT_ALBUM_WINDOW": value], arguments: [], workingDirectory: directory
            ).settings.chatAlbumWindow
        }
        #expect(
            try SettingsLoader.load(environment: [:], arguments: [], workingDirectory: directory).settings
                .chatAlbumWindow == .seconds(2))
        #expect(try load("0") == .zero)
        #expect(try load("1.5") == .milliseconds(1500))
        for bad in ["-1", "31", "soon"] {
            do {
                _ = try load(bad)
                Issue.record("\(bad) accepted")
            } catch {
                #expect(
                    "\(error)".contains(
                        "CHAT_ALBUM_WINDOW: '\(bad)' from environment is not a number of seconds from 0 to 30"))
            }
        }
    }

    @Test func documentPhotosAreKnownKindsEachOnceInOrder() throws {
        let directory = try temporaryDirectory()
        let defaults = try SettingsLoader.load(environment: [:], arguments: [], workingDirectory: directory)
        #expect(defaults.settings.documentPhotos == [.rcFront, .rcBack, .vehicleFront, .vehicleSide, .tagFixed])
        let shorter = try SettingsLoader.load(
            environment: ["DOCUMENT_PHOTOS": " RC_FRONT, rc_back,vehicle_front , tag_fixed"], arguments: [],
            workingDirectory: directory)
        #expect(shorter.settings.documentPhotos == [.rcFront, .rcBack, .vehicleFront, .tagFixed])
        let reordered = try SettingsLoader.load(
            environment: ["DOCUMENT_PHOTOS": "vehicle_front,rc_front"], arguments: [], workingDirectory: directory)
        #expect(reordered.settings.documentPhotos == [.vehicleFront, .rcFront])
        for bad in ["rc_front,side_photo", "rc_front,rc_front", ",", "rc_front,,rc_back", "rc front"] {
            do {
                _ = try SettingsLoader.load(
                    environment: ["DOCUMENT_PHOTOS": bad], arguments: [], workingDirectory: directory)
                Issue.record("\(bad) was taken")
            } catch {
                #expect(
                    error.description.contains(
                        "DOCUMENT_PHOTOS: '\(bad)' from environment is not one or more of rc_front, rc_back, vehicle_front, vehicle_side, tag_fixed, comma-separated, each at most once"
                    ), "\(error.description)")
            }
        }
    }

    @Test func secretValuesAreNeverEchoedInErrors() throws {
        // SECRET_KEY accepts anything; use a secret with a parser to check redaction.
        let directory = try temporaryDirectory()
        try "SHAURYAPAY_API_KEY=s3cr3t\nPORT=1x\n".write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        do {
            _ = try SettingsLoader.load(environment: [:], arguments: [], workingDirectory: directory)
            Issue.record("expected a failure")
        } catch {
            #expect(!error.description.contains("s3cr3t"))
            #expect(error.description.contains("PORT"))
        }
    }

    @Test func databaseURLForms() throws {
        let directory = try temporaryDirectory()
        let cases = [
            ("sqlite:///./fastag_bot.db", "./fastag_bot.db"),
            ("sqlite:////data/fastag.db", "/data/fastag.db"),
            ("relative.db", "relative.db"),
        ]
        for (url, path) in cases {
            let loaded = try SettingsLoader.load(
                environment: ["DATABASE_URL": url], arguments: [], workingDirectory: directory)
            #expect(loaded.settings.databasePath == path)
        }
        let shared = [
            "SECRET_KEY": "replica-secret", "ADMIN_TOKEN": "replica-admin-token-0123",
            "STEP_API_TOKEN": "replica-step-token-0123",
        ]
        for url in ["postgres://x/y", "postgresql://fastag:s3cret@db.internal:5433/fastag_db?sslmode=require"] {
            let loaded = try SettingsLoader.load(
                environment: shared.merging(["DATABASE_URL": url]) { $1 }, arguments: [], workingDirectory: directory)
            #expect(loaded.settings.database.isPostgres)
            #expect(loaded.settings.databasePath == "")
            #expect(!"\(loaded.settings)".contains("s3cret"))
        }
        // A URL that cannot be read is refused, and the refusal does not repeat its password.
        let refused = #expect(throws: SettingsLoader.Failure.self) {
            try SettingsLoader.load(
                environment: ["DATABASE_URL": "postgresql://fastag:s3cret@db:notaport/x"], arguments: [],
                workingDirectory: directory)
        }
        #expect(refused.map { "\($0)" }?.contains("s3cret") == false)
        #expect(refused.map { "\($0)" }?.contains("DATABASE_URL") == true)
        // Replicas must share their secrets: each one making up its own is refused.
        let alone = #expect(throws: SettingsLoader.Failure.self) {
            try SettingsLoader.load(
                environment: ["DATABASE_URL": "postgres://x/y"], arguments: [], workingDirectory: directory)
        }
        for key in ["SECRET_KEY", "ADMIN_TOKEN", "STEP_API_TOKEN"] {
            #expect(alone.map { "\($0)" }?.contains("\(key) must be set") == true, "\(key)")
        }
    }

    /// `DATABASE_SYNCHRONOUS` is the settings' own value (full or normal, any case; off is
    /// refused), and `Storage` turns it into SQLite's `PRAGMA synchronous` on its writer.
    @Test func databaseSynchronousReachesTheDatabase() async throws {
        let directory = try temporaryDirectory()
        for (text, mode, pragma) in [("full", DatabaseSynchronous.full, 2), ("NORMAL", .normal, 1)] {
            let loaded = try SettingsLoader.load(
                environment: ["DATABASE_SYNCHRONOUS": text], arguments: [], workingDirectory: directory)
            #expect(loaded.settings.databaseSynchronous == mode)
            var settings = loaded.settings
            settings.databasePath = directory + "/\(text).db"
            settings.dataDirectory = directory + "/data"
            let storage = try Storage(settings: settings)
            #expect(try storage.pool.writeNow { try $0.scalar("PRAGMA synchronous", as: Int.self) } == pragma)
        }
        #expect(throws: SettingsLoader.Failure.self) {
            try SettingsLoader.load(
                environment: ["DATABASE_SYNCHRONOUS": "off"], arguments: [], workingDirectory: directory)
        }
    }

    @Test func debugLowersTheLogLevelUnlessLogLevelIsSet() throws {
        let directory = try temporaryDirectory()
        let debug = try SettingsLoader.load(environment: ["DEBUG": "true"], arguments: [], workingDirectory: directory)
        #expect(debug.settings.logLevel == .debug)
        let both = try SettingsLoader.load(
            environment: ["DEBUG": "true", "LOG_LEVEL": "error"], arguments: [], workingDirectory: directory)
        #expect(both.settings.logLevel == .error)
    }

    @Test func exampleEnvAndReadmeListEverySetting() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let example = try String(contentsOf: root.appendingPathComponent("config.example.env"), encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let entries = try DotEnv.parse(example)
        for spec in Settings.catalog {
            let entry = entries.first { $0.key == spec.key }
            #expect(entry != nil, "config.example.env lacks \(spec.key)")
            if let entry, !spec.isSecret {
                #expect(entry.value == spec.defaultValue, "config.example.env gives \(spec.key) a different default")
            }
            #expect(readme.contains("`\(spec.key)`"), "README's settings table lacks \(spec.key)")
        }
        // And the example file parses into settings without errors.
        let directory = try temporaryDirectory()
        try example.write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        _ = try SettingsLoader.load(environment: [:], arguments: [], workingDirectory: directory)
    }
}
