/// The console's scripts and style sheet by name (`/console/assets/{name}`), compiled into the
/// binary so the console works offline: no CDN, no framework.
enum ConsoleAssets {
    static let javaScript = "text/javascript; charset=utf-8"

    static let all: [String: (type: String, text: String)] = [
        "console.css": ("text/css; charset=utf-8", ConsoleStyle.css),
        "app.js": (javaScript, ConsoleScripts.app),
        "charts.js": (javaScript, ConsoleScripts.charts),
        "overview.js": (javaScript, ConsoleScripts.overview),
        "funnel.js": (javaScript, ConsoleScripts.funnel),
        "sessions.js": (javaScript, ConsoleScripts.sessions),
        "agents.js": (javaScript, ConsoleScripts.agents),
        "chat.js": (javaScript, ConsoleScripts.chat),
    ]
}

/// The scripts, one file each (`ConsoleScripts+*.swift`).
enum ConsoleScripts {}
