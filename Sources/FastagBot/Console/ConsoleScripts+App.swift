extension ConsoleScripts {
    /// The core: the API helper (cookie, CSRF header, 401 → the sign-in form), a small DOM
    /// builder that only ever sets text (never HTML), the hash router, signing in and out.
    static let app = #"""
        "use strict";
        const C = window.Console = { pages: {}, csrf: null };

        C.el = function (tag, attrs, ...children) {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attrs || {})) {
            if (value === undefined || value === null || value === false) continue;
            if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
            else if (key === "text") node.textContent = value;
            else node.setAttribute(key, value === true ? "" : value);
          }
          for (const child of children.flat()) {
            if (child === null || child === undefined) continue;
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
          }
          return node;
        };

        C.view = function (title) {
          const view = document.getElementById("view");
          view.replaceChildren(C.el("h1", { text: title }));
          return view;
        };

        C.failure = function (parent, error) {
          parent.append(C.el("p", { class: "error", role: "alert", text: error.message }));
        };

        class APIError extends Error {
          constructor(status, message) { super(message); this.status = status; }
        }

        C.api = async function (method, path, body) {
          const headers = { "Accept": "application/json" };
          if (body !== undefined) headers["Content-Type"] = "application/json";
          if (method !== "GET" && C.csrf) headers["X-CSRF-Token"] = C.csrf;
          const response = await fetch(path, {
            method, headers, credentials: "same-origin",
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          if (response.status === 204) return null;
          let value = null;
          try { value = await response.json(); } catch (_) { value = null; }
          if (response.status === 401 && !path.startsWith("/console/sign-in")) {
            C.signedOut();
            throw new APIError(401, "Please sign in again.");
          }
          if (!response.ok) {
            const missing = (response.status === 404 || response.status === 405) && value && /^No route/.test(value.message || "");
            const message = missing ? `${path.split("?")[0]} is not available on this server yet.`
              : (value && value.message) || `HTTP ${response.status}`;
            throw new APIError(response.status, message);
          }
          return value;
        };

        C.query = function (values) {
          const pairs = Object.entries(values).filter(([, v]) => v !== "" && v !== null && v !== undefined);
          return pairs.length ? "?" + new URLSearchParams(pairs).toString() : "";
        };

        // India time: dates in the API are YYYY-MM-DD in Asia/Kolkata.
        C.indiaDate = function (offsetDays) {
          const at = new Date(Date.now() + 330 * 60000 + (offsetDays || 0) * 86400000);
          return at.toISOString().slice(0, 10);
        };

        C.when = function (iso) {
          if (!iso) return "—";
          const at = new Date(iso);
          return isNaN(at) ? iso : at.toLocaleString("en-IN", { timeZone: "Asia/Kolkata" });
        };

        C.table = function (columns, rows, empty) {
          if (!rows.length) return C.el("p", { class: "muted", text: empty || "Nothing here." });
          const head = C.el("tr", {}, columns.map((c) => C.el("th", { text: c[0] })));
          const body = rows.map((row) => C.el("tr", {}, columns.map((c) => {
            const value = c[1](row);
            return C.el("td", {}, value instanceof Node ? value : String(value ?? "—"));
          })));
          return C.el("div", { class: "table-wrap" }, C.el("table", {}, C.el("thead", {}, head), C.el("tbody", {}, body)));
        };

        C.route = function () {
          if (!C.csrf) return;
          const parts = (location.hash || "#/overview").slice(2).split("/");
          const name = parts[0] || "overview";
          for (const link of document.querySelectorAll("nav a")) {
            link.classList.toggle("active", link.getAttribute("href") === "#/" + name);
          }
          const page = name === "sessions" && parts[1] ? C.pages.session : C.pages[name];
          const view = C.view("");
          if (!page) { C.failure(view, new Error("No such page.")); return; }
          Promise.resolve(page(decodeURIComponent(parts[1] || ""))).catch((error) => C.failure(document.getElementById("view"), error));
        };

        C.signedIn = function (signIn) {
          C.csrf = signIn.csrf_token;
          document.getElementById("sign-in").hidden = true;
          document.getElementById("nav").hidden = false;
          C.route();
        };

        C.signedOut = function () {
          C.csrf = null;
          document.getElementById("nav").hidden = true;
          document.getElementById("view").replaceChildren();
          document.getElementById("sign-in").hidden = false;
          document.getElementById("token").focus();
        };

        document.addEventListener("DOMContentLoaded", () => {
          const form = document.getElementById("sign-in");
          form.addEventListener("submit", async (event) => {
            event.preventDefault();
            const field = document.getElementById("token");
            const error = document.getElementById("sign-in-error");
            error.textContent = "";
            try {
              const signIn = await C.api("POST", "/console/sign-in", { token: field.value });
              field.value = "";
              C.signedIn(signIn);
            } catch (failure) {
              error.textContent = failure.status === 401 ? "That is not the ADMIN_TOKEN." : failure.message;
            }
          });
          document.getElementById("sign-out").addEventListener("click", async () => {
            try { await C.api("POST", "/console/sign-out"); } finally { C.signedOut(); }
          });
          window.addEventListener("hashchange", C.route);
          C.api("GET", "/console/session").then(C.signedIn, () => C.signedOut());
        });

        """#
}
