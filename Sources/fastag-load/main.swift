import Foundation

let usage = """
    fastag-load: simulated agents completing the assign flow through the step API.

    USAGE: fastag-load [--bot PATH] [--agents N] [--seconds S] [--image-kb K] [--synchronous full|normal]
                       [--tags-per-agent N]

    Starts the bot (PATH, default: fastag-bot next to this program) in sandbox mode on a
    free port with a temporary database, registers N agents (default 32) with tags, logs
    each in through /agents/start and /agents/verify_otp, then every agent completes assign
    flows back to back for S seconds (default 30), each with five different K-kilobyte
    photos (default 150). Prints complete flows per second and each step's p50/p99.

    """

var options = LoadTest.Options()
options.bot =
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fastag-bot").path
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    if flag == "-h" || flag == "--help" {
        print(usage, terminator: "")
        exit(0)
    }
    guard let value = arguments.first else {
        FileHandle.standardError.write(Data("\(flag) needs a value\n".utf8))
        exit(2)
    }
    arguments.removeFirst()
    switch flag {
    case "--bot": options.bot = value
    case "--agents": options.agents = Int(value) ?? options.agents
    case "--seconds": options.seconds = Double(value) ?? options.seconds
    case "--image-kb": options.imageKB = Int(value) ?? options.imageKB
    case "--synchronous": options.synchronous = value
    case "--tags-per-agent": options.tagsPerAgent = Int(value) ?? options.tagsPerAgent
    default:
        FileHandle.standardError.write(Data("unknown option \(flag)\n\(usage)".utf8))
        exit(2)
    }
}
do {
    try LoadTest(options: options).run()
} catch {
    FileHandle.standardError.write(Data("fastag-load: \(error)\n".utf8))
    exit(1)
}
