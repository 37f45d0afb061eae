import FastagBot
import Foundation

/// Command-line entry: picks the command, loads settings, runs it, returns the exit code.
enum Command {
    static let usage = """
        fastag-bot \(FastagBotInfo.version): WhatsApp assistant for FASTag field agents

        USAGE: fastag-bot [command] [options]

        COMMANDS:
          serve                 Run the HTTP server (the default command)
          migrate               Create or upgrade the database schema and exit
          agent add             Register an agent: --first-name NAME --mobile NUMBER
                                [--last-name NAME] [--wallet RUPEES] [--tags COUNT]
                                [--shauryapay-id ID]
          agent list            List agents [--status active|inactive]
          agent topup           Add to an agent's wallet: AGENT RUPEES (AGENT = id or mobile)
          agent set-tags        Set an agent's FASTags left: AGENT COUNT
          chat                  Talk to the bot in the terminal as the sandbox's demo agent
                                (sandbox only; reads piped input too; /help inside)
          check-config          Print the settings in effect (secrets hidden) and exit
          help                  Show this help

        OPTIONS:
          --host <address>      Address to listen on (HOST, default 127.0.0.1)
          --port <port>         Port to listen on (PORT, default 8000)
          --env-file <path>     Read settings from this file instead of ./.env
          --log-level <level>   debug, info, warning or error (LOG_LEVEL)
          --log-format <format> text or json (LOG_FORMAT)
          -h, --help            Show this help
          --version             Print the version

        Settings come from the environment, then ./.env (or --env-file), then options;
        later sources win. config.example.env lists every setting.

        """

    static func run(_ arguments: [String]) async -> Int32 {
        if arguments.contains("-h") || arguments.contains("--help") || arguments.first == "help" {
            print(usage, terminator: "")
            return 0
        }
        if arguments.contains("--version") {
            print("\(FastagBotInfo.name) \(FastagBotInfo.version)")
            return 0
        }
        let loaded: SettingsLoader.Loaded
        do {
            loaded = try SettingsLoader.load(environment: ProcessInfo.processInfo.environment, arguments: arguments)
        } catch {
            printError("fastag-bot: \(error)")
            return 2
        }
        var words = loaded.remainingArguments
        let command = words.isEmpty ? "serve" : words.removeFirst()
        if command != "agent", let unknown = words.first {
            printError("fastag-bot: unknown argument '\(unknown)' for \(command); see fastag-bot --help")
            return 2
        }
        switch command {
        case "serve":
            return await Serve.run(loaded.settings)
        case "migrate":
            return Maintenance.migrate(loaded.settings)
        case "agent":
            return await AgentCommand.run(words, settings: loaded.settings)
        case "chat":
            return await ChatCommand.run(loaded)
        case "check-config":
            for spec in Settings.catalog {
                let origin = loaded.origins[spec.key] ?? "default"
                print("\(spec.key)=\(spec.shown(loaded.value(of: spec))) [\(origin)]")
            }
            return 0
        default:
            printError("fastag-bot: unknown command '\(command)'; see fastag-bot --help")
            return 2
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
