/// The console's one HTML page: a header, the navigation and an empty main area that the
/// scripts fill (hash routes: #/overview, #/funnel, #/sessions, #/sessions/<id>, #/agents,
/// #/try). No inline script or style: the Content-Security-Policy allows neither.
enum ConsolePage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>fastag-bot console</title>
        <link rel="stylesheet" href="/console/assets/console.css">
        <script defer src="/console/assets/app.js"></script>
        <script defer src="/console/assets/charts.js"></script>
        <script defer src="/console/assets/overview.js"></script>
        <script defer src="/console/assets/funnel.js"></script>
        <script defer src="/console/assets/sessions.js"></script>
        <script defer src="/console/assets/agents.js"></script>
        <script defer src="/console/assets/chat.js"></script>
        </head>
        <body>
        <header>
          <strong>fastag-bot console</strong>
          <nav id="nav" hidden>
            <a href="#/overview">Overview</a>
            <a href="#/funnel">Funnel</a>
            <a href="#/sessions">Sessions</a>
            <a href="#/agents">Agents</a>
            <a href="#/try">Try the bot</a>
            <button id="sign-out" type="button">Sign out</button>
          </nav>
        </header>
        <main id="main">
          <form id="sign-in" hidden>
            <h1>Sign in</h1>
            <label for="token">ADMIN_TOKEN</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required>
            <button type="submit">Sign in</button>
            <p id="sign-in-error" class="error" role="alert"></p>
          </form>
          <div id="view"></div>
        </main>
        </body>
        </html>

        """
}
