import Foundation

let usage = """
    fastag-load: load generators for fastag-bot (see docs/PERFORMANCE.md).

    USAGE: fastag-load [flows] [--bot PATH] [--agents N] [--seconds S] [--image-kb K]
                       [--synchronous full|normal] [--tags-per-agent N] [--keep-files yes]
                       [--database-url URL] [--replicas N] [--rate R]
           fastag-load webhooks [--bot PATH] [--connections N] [--chats-per-connection N]
                       [--seconds S] [--rate R] [--synchronous full|normal] [--database-url URL]
           fastag-load takeover --database-url URL [--bot PATH] [--repetitions N]
           fastag-load urlsession [--connections N] [--seconds S] [--url URL]
           fastag-load album [--bot PATH] [--repetitions N] [--photos N] [--image-kb K]

    flows, webhooks and takeover start the bot (PATH, default: fastag-bot next to this
    program; the benchmark scripts pass the root package's release build) in sandbox mode on
    a free port with a temporary database: a SQLite file, or with --database-url (a
    postgresql:// URL of a server; its user must be allowed to create databases) a database
    of its own on that server for the run, dropped at the end. --replicas N (PostgreSQL only)
    starts N bots on that one database.

    flows: registers N agents (default 32) with tags, logs each in through /agents/start and
    /agents/verify_otp, then every agent completes assign flows back to back for S seconds
    (default 30), each with five different K-kilobyte photos (default 150); with --rate, R
    flows start per second in all, on one schedule the agents share (a start more than 1 ms
    after its time, its agent still busy, is counted as late). Prints complete
    flows per second and each step's p50/p99, and the CPU time per flow of the bots, of
    PostgreSQL's processes (read from /proc: the server must run on this machine) and of this
    tool. With replicas, each agent sends its steps to them in turn, as a round-robin load
    balancer would. On PostgreSQL it also prints, per flow, the transactions committed, WAL
    written and WAL flushes (pg_stat_database, pg_stat_wal). --keep-files yes leaves the database and
    photos in $TMPDIR (deleting them slows file creation on ext4 for a few minutes after).

    webhooks: points the bot's WhatsApp channel at a fake Graph API in this process, greets
    every chat once, then N connections (default 64), each owning its own chats (default
    16), send signed text webhooks for S seconds (default 20): back to back, or R per
    second in all with --rate (a send that starts over 1 ms after its planned time is
    counted as late). Prints webhooks acknowledged per second, acknowledgement p50/p99, the
    time from acknowledgement to the reply reaching the fake Graph API, and the bot's CPU
    time per webhook.

    takeover: how long a killed replica's chats take to move. Two replicas on PostgreSQL,
    their WhatsApp channel pointed at a fake Graph API in this process. Each repetition (N,
    default 5) greets a new chat; the fake Graph API holds that chat's first reply unanswered,
    so the replica sending it keeps the chat's send lease; a second message to the chat is
    answered meanwhile (its reply waits behind the held one). Then, at a random moment
    within the next 1.7 s (the leases' renewal period), that replica is killed with SIGKILL, and the time is measured from the kill until the other replica's deliveries
    of the chat's waiting replies reach the fake Graph API (first and last). The killed
    replica is started again for the next repetition. Prints each repetition and the median
    and maximum.

    album: the demo agent, logged in by its WhatsApp number, walks the assign dialogue to the
    document photos over signed webhooks (replies to a fake Graph API in this process, which
    also serves the photos as WhatsApp media), then sends N photos (default 5) of K kilobytes
    (default 150) back to back, one webhook each, as WhatsApp delivers an album. Measures the
    time from the first webhook to the first reply and counts the replies that follow within
    3 s; each repetition (default 5) also measures a single photo as the reference. Prints
    each repetition and the medians.

    urlsession: URLSession alone, configured as the bot's outgoing client is: N requests in
    flight (default 64) for S seconds (default 10), each a WhatsApp reply POSTed to URL
    (default: a fake Graph API in this process). Prints requests per second and CPU per
    request.

    """

func fail(_ text: String) -> Never {
    FileHandle.standardError.write(Data("fastag-load: \(text)\n".utf8))
    exit(2)
}

func number<T: LosslessStringConvertible & Comparable & Numeric>(_ flag: String, _ value: String) -> T {
    guard let number = T(value), number > 0 else { fail("\(flag) needs a positive number, not \(value)") }
    return number
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("-h") || arguments.contains("--help") {
    print(usage, terminator: "")
    exit(0)
}
let mode = arguments.first.map { $0.hasPrefix("-") } == false ? arguments.removeFirst() : "flows"
guard ["flows", "webhooks", "takeover", "urlsession", "album"].contains(mode) else {
    fail("unknown mode \(mode)\n\n\(usage)")
}
var bot = BotOptions(
    executable: URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("fastag-bot").path)
var seconds: Double?
var flows = FlowLoadTest.Options()
var webhooks = WebhookLoadTest.Options()
var urlSession = URLSessionLoadTest.Options()
var takeover = TakeoverTest.Options()
var album = AlbumTest.Options()

while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    guard let value = arguments.first else { fail("\(flag) needs a value") }
    arguments.removeFirst()
    let startsBot = mode != "urlsession"
    switch (mode, flag) {
    case (_, "--seconds"): seconds = number(flag, value)
    case (_, "--bot") where startsBot: bot.executable = value
    case (_, "--synchronous") where startsBot: bot.synchronous = value
    case (_, "--database-url") where startsBot: bot.databaseURL = value
    case ("flows", "--replicas"): bot.replicas = number(flag, value)
    case ("flows", "--agents"): flows.agents = number(flag, value)
    case ("flows", "--image-kb"): flows.imageKB = number(flag, value)
    case ("flows", "--tags-per-agent"): flows.tagsPerAgent = number(flag, value)
    case ("flows", "--keep-files"): flows.keepFiles = value == "yes"
    case ("flows", "--rate"): flows.rate = number(flag, value)
    case ("webhooks", "--connections"): webhooks.connections = number(flag, value)
    case ("webhooks", "--rate"): webhooks.rate = number(flag, value)
    case ("webhooks", "--chats-per-connection"): webhooks.chatsPerConnection = number(flag, value)
    case ("takeover", "--repetitions"): takeover.repetitions = number(flag, value)
    case ("album", "--repetitions"): album.repetitions = number(flag, value)
    case ("album", "--photos"): album.photos = number(flag, value)
    case ("album", "--image-kb"): album.imageKB = number(flag, value)
    case ("urlsession", "--connections"): urlSession.connections = number(flag, value)
    case ("urlsession", "--url"): urlSession.url = value
    default: fail("unknown option \(flag) for \(mode)\n\n\(usage)")
    }
}

do {
    switch mode {
    case "flows": try FlowLoadTest(bot: bot, seconds: seconds ?? 30, options: flows).run()
    case "webhooks": try await WebhookLoadTest(bot: bot, seconds: seconds ?? 20, options: webhooks).run()
    case "takeover": try await TakeoverTest(bot: bot, options: takeover).run()
    case "album": try await AlbumTest(bot: bot, options: album).run()
    default: try await URLSessionLoadTest(seconds: seconds ?? 10, options: urlSession).run()
    }
} catch {
    FileHandle.standardError.write(Data("fastag-load: \(error)\n".utf8))
    exit(1)
}
