import Foundation

/// Reads settings from, in increasing priority: the process environment, a `.env` file in
/// the working directory (or the one `--env-file` names), and command-line flags. Every
/// bad value is reported at once, each naming its setting and where it came from.
package enum SettingsLoader {
    /// Flags that set a setting directly.
    static let flags: [(flag: String, key: String)] = [
        ("--host", "HOST"), ("--port", "PORT"), ("--log-level", "LOG_LEVEL"), ("--log-format", "LOG_FORMAT"),
    ]

    struct Problem: Sendable, Equatable, CustomStringConvertible {
        let key: String
        let message: String
        var description: String { "\(key): \(message)" }
    }

    package struct Failure: Error, CustomStringConvertible {
        let problems: [Problem]
        package var description: String {
            "invalid configuration:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }

    /// The result: typed settings and, for each key that was set, where it came from.
    package struct Loaded: Sendable {
        package var settings: Settings
        package var origins: [String: String]
        /// The text each setting was given, for those that were set.
        var rawValues: [String: String]
        /// Arguments that were not settings flags (command words and their options).
        package var remainingArguments: [String]

        /// The text in effect for a setting: as given, or its default.
        package func value(of spec: SettingSpec) -> String {
            rawValues[spec.key] ?? spec.defaultValue
        }
    }

    package static func load(
        environment: [String: String],
        arguments: [String],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(Failure) -> Loaded {
        var raw: [String: (value: String, origin: String)] = [:]
        for (key, value) in environment where Settings.spec(for: key) != nil {
            raw[key] = (value, "environment")
        }

        var problems: [Problem] = []
        let (flagValues, envFile, remaining) = splitFlags(arguments, problems: &problems)

        let path = envFile ?? (workingDirectory as NSString).appendingPathComponent(".env")
        if FileManager.default.fileExists(atPath: path) {
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                for (key, value) in try DotEnv.parse(text) where Settings.spec(for: key) != nil {
                    raw[key] = (value, path)
                }
            } catch let error as DotEnv.ParseError {
                problems.append(Problem(key: path, message: error.description))
            } catch {
                problems.append(Problem(key: path, message: "cannot be read (\(error.localizedDescription))"))
            }
        } else if envFile != nil {
            problems.append(Problem(key: "--env-file", message: "\(path) does not exist"))
        }

        for (key, value) in flagValues {
            raw[key] = (value, "command line")
        }

        var settings = Settings.defaults
        for spec in Settings.catalog {
            guard let (value, origin) = raw[spec.key] else { continue }
            do {
                try spec.apply(&settings, value)
            } catch {
                let shown = spec.isSecret ? "(hidden)" : "'\(spec.shown(value))'"
                problems.append(Problem(key: spec.key, message: "\(shown) from \(origin) is not \(error.expected)"))
            }
        }
        if raw["LOG_LEVEL"] == nil && settings.debug { settings.logLevel = .debug }
        problems += settings.liveModeProblems.map { Problem(key: "SHAURYAPAY_MODE", message: $0) }
        problems += settings.replicaProblems.map { Problem(key: "DATABASE_URL", message: $0) }
        guard problems.isEmpty else { throw Failure(problems: problems) }
        return Loaded(
            settings: settings, origins: raw.mapValues(\.origin), rawValues: raw.mapValues(\.value),
            remainingArguments: remaining)
    }

    /// Separates `--flag value` / `--flag=value` settings flags and `--env-file` from the rest.
    private static func splitFlags(_ arguments: [String], problems: inout [Problem]) -> (
        [(String, String)], String?, [String]
    ) {
        var values: [(String, String)] = []
        var envFile: String?
        var remaining: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            let key = name == "--env-file" ? "ENV_FILE" : flags.first { $0.flag == name }?.key
            guard let key else {
                remaining.append(argument)
                index += 1
                continue
            }
            var value: String?
            if parts.count == 2 {
                value = parts[1]
            } else if index + 1 < arguments.count {
                index += 1
                value = arguments[index]
            }
            index += 1
            guard let value else {
                problems.append(Problem(key: name, message: "needs a value"))
                continue
            }
            if key == "ENV_FILE" { envFile = value } else { values.append((key, value)) }
        }
        return (values, envFile, remaining)
    }
}
