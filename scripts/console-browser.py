#!/usr/bin/env python3
"""Drives the console in headless Chromium, for ConsoleBrowserTests.

Standard library only: Chromium's DevTools protocol over --remote-debugging-pipe (fd 3 takes
commands, fd 4 gives answers, each a JSON text ended by NUL), so no websocket client is needed.
It signs in with the ADMIN_TOKEN, visits every page, opens one session and, when asked, sends it
back to the menu, chats with the sandbox, and keeps a screenshot of each step in --out.
Prints one "STEP <name> <detail>" line per step; exits non-zero with the reason on failure.

    console-browser.py --url http://127.0.0.1:PORT --token TOKEN --session ID --out DIR [--stats] [--menu]
"""
import argparse, base64, fcntl, json, os, shutil, subprocess, sys, tempfile, threading, time

class Browser:
    def __init__(self, chromium, profile):
        commands_read, self.commands = os.pipe()
        self.answers, answers_write = os.pipe()
        # Out of the way of 3 and 4, which the child needs them on.
        commands_read = fcntl.fcntl(commands_read, fcntl.F_DUPFD, 100)
        answers_write = fcntl.fcntl(answers_write, fcntl.F_DUPFD, 100)
        def wire():
            os.dup2(commands_read, 3)
            os.dup2(answers_write, 4)
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--remote-debugging-pipe", "--no-first-run", "--user-data-dir=" + profile,
             "--window-size=1280,900", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.results = {}
        self.condition = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buffer = b""
        while True:
            chunk = os.read(self.answers, 65536)
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                text, buffer = buffer.split(b"\0", 1)
                message = json.loads(text)
                if "id" in message:
                    with self.condition:
                        self.results[message["id"]] = message
                        self.condition.notify_all()

    def send(self, method, params=None, session=None, deadline=60):
        self.next_id += 1
        wanted = self.next_id
        message = {"id": wanted, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        with self.condition:
            if not self.condition.wait_for(lambda: wanted in self.results, timeout=deadline):
                raise RuntimeError(f"{method}: no answer")
            answer = self.results.pop(wanted)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    def close(self):
        try:
            self.send("Browser.close", deadline=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

class Page:
    def __init__(self, browser):
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method, params=None):
        return self.browser.send(method, params, session=self.session)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait(self, expression, what, deadline=60):
        """Waits for a condition in the page; the deadline only bounds a failure."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if self.evaluate(f"!!({expression})"):
                return
            time.sleep(0.1)
        error = self.evaluate("(document.querySelector('.error') || {}).textContent || ''")
        raise RuntimeError(f"waited for {what}; the page says: {error!r}")

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

def main():
    parser = argparse.ArgumentParser()
    for name in ("--url", "--token", "--session", "--out"):
        parser.add_argument(name, required=True)
    parser.add_argument("--stats", action="store_true", help="the server has /stats/funnel")
    parser.add_argument("--menu", action="store_true", help="the server has POST /sessions/{id}/menu")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="console-browser-")
    browser = Browser(chromium, profile)
    shots = iter(range(1, 100))
    try:
        page = Page(browser)
        def step(name, detail=""):
            page.screenshot(os.path.join(args.out, f"{next(shots):02d}-{name}.png"))
            print(f"STEP {name} {detail}".rstrip(), flush=True)
        def go(route, ready, what):
            page.evaluate(f"location.hash = {json.dumps(route)}")
            page.wait(ready, what)

        page.send("Page.navigate", {"url": args.url + "/console"})
        page.wait("document.readyState === 'complete' && !document.getElementById('sign-in').hidden", "the sign-in form")
        step("sign-in")
        page.evaluate(f"document.getElementById('token').value = {json.dumps(args.token)}; "
                      "document.getElementById('sign-in').requestSubmit(); true")
        page.wait("!document.getElementById('nav').hidden", "the navigation after signing in")
        page.wait("document.querySelector('#overview-figures, #view .error')", "the overview")
        step("overview", "figures" if page.evaluate("!!document.getElementById('overview-figures')") else "unavailable")

        go("#/funnel", "document.querySelector('#funnel-result svg, #funnel-result .error')", "the funnel")
        funnel = page.evaluate("document.getElementById('funnel-result').innerText")
        if args.stats and not page.evaluate("!!document.querySelector('#funnel-result svg')"):
            raise RuntimeError(f"no funnel chart: {funnel!r}")
        step("funnel", json.dumps(funnel))

        go("#/sessions", "document.querySelector('#sessions-list table, #sessions-list .error')", "the session list")
        listed = page.evaluate(f"!!document.querySelector('a[href=\"#/sessions/{args.session}\"]')")
        step("sessions", "listed" if listed else "not listed")

        go("#/sessions/" + args.session, "document.getElementById('session-summary')", "the session page")
        step("session", json.dumps(page.evaluate("document.getElementById('session-summary').innerText")))
        if args.menu:
            page.evaluate("document.getElementById('session-menu').click(); true")
            page.wait("/Sent back to the menu/.test(document.getElementById('session-status')?.textContent || '')",
                      "the session sent back to the menu")
            step("session-menu", json.dumps(page.evaluate("document.getElementById('session-summary').innerText")))

        go("#/agents", "document.querySelector('#view table, #view .error')", "the agents")
        step("agents", json.dumps(page.evaluate("document.querySelector('#view table')?.innerText || ''")))

        go("#/try", "document.querySelector('#chat-log .bubble button')", "the bot's first question")
        step("try", json.dumps(page.evaluate("document.getElementById('chat-log').innerText")))
        before = page.evaluate("document.querySelectorAll('#chat-log .bubble').length")
        page.evaluate("document.querySelector('#chat-log .bubble button').click(); true")
        page.wait(f"document.querySelectorAll('#chat-log .bubble:not(.mine)').length > {before - 1} && "
                  f"document.querySelectorAll('#chat-log .bubble').length >= {before + 2}", "the bot's answer to a tap")
        step("try-tapped", json.dumps(page.evaluate("document.getElementById('chat-step').textContent")))

        page.send("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        go("#/sessions", "document.querySelector('#sessions-list table, #sessions-list .error')", "the session list on a phone")
        step("phone-sessions")

        page.evaluate("document.getElementById('sign-out').click(); true")
        page.wait("!document.getElementById('sign-in').hidden", "the sign-in form after signing out")
        step("signed-out")
        return 0
    except Exception as error:
        print(f"FAILED {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)

if __name__ == "__main__":
    sys.exit(main())
