extension ConsoleScripts {
    /// Sessions: the search form and list (`GET /sessions/`), and one session's page with its
    /// timeline (`GET /sessions/{id}/timeline`) and the operator's buttons: back to the menu,
    /// cancel, resend a failed reply.
    static let sessions = #"""
        "use strict";
        (function (C) {
          C.pages.sessions = async function () {
            const view = C.view("Sessions");
            const saved = JSON.parse(sessionStorage.getItem("sessions") || "{}");
            const field = (name, label, attrs) => C.el("label", {}, label,
              C.el("input", Object.assign({ name, id: "sessions-" + name, value: saved[name] || "" }, attrs)));
            const choice = (name, label, values) => C.el("label", {}, label, C.el("select", { name, id: "sessions-" + name },
              C.el("option", { value: "", text: "any" }), values.map((v) => C.el("option", { value: v, selected: saved[name] === v, text: v }))));
            const form = C.el("form", { class: "filters" },
              field("agent_mobile", "Agent mobile", { inputmode: "numeric", maxlength: 10 }),
              field("vehicle_number", "Vehicle number", { maxlength: 12 }),
              choice("status", "Status", ["open", "completed", "expired", "cancelled"]),
              choice("channel", "Channel", ["api", "whatsapp", "interakt"]),
              C.el("label", {}, "Stuck", C.el("input", { type: "checkbox", name: "stuck", id: "sessions-stuck", checked: saved.stuck === "true" })),
              C.el("button", { type: "submit", text: "Search" }));
            const list = C.el("div", { id: "sessions-list" });
            const search = async () => {
              const wanted = {};
              for (const input of form.querySelectorAll("input, select")) {
                wanted[input.name] = input.type === "checkbox" ? (input.checked ? "true" : "") : input.value.trim();
              }
              sessionStorage.setItem("sessions", JSON.stringify(wanted));
              try {
                const page = await C.api("GET", "/sessions/" + C.query(Object.assign({ limit: 100 }, wanted)));
                list.replaceChildren(C.el("p", { class: "muted", text: `${page.total} sessions` }), C.table([
                  ["Session", (s) => C.el("a", { href: "#/sessions/" + s.id, text: s.id.slice(0, 8) })],
                  ["Agent", (s) => s.agent_id], ["Channel", (s) => s.channel], ["Flow", (s) => s.flow],
                  ["Step", (s) => s.state], ["Status", (s) => s.status], ["Updated", (s) => C.when(s.updated_at)],
                ], page.items, "No sessions match."));
              } catch (error) { list.replaceChildren(); C.failure(list, error); }
            };
            form.addEventListener("submit", (e) => { e.preventDefault(); search(); });
            view.append(form, list);
            await search();
          };

          const entry = (e, act) => {
            const failed = e.outcome && e.outcome !== "ok";
            const details = [e.step, e.outcome, e.latency_ms !== undefined && e.latency_ms !== null ? `${e.latency_ms} ms` : null,
              e.error_code ? `error ${e.error_code}` : null].filter(Boolean).join(" · ");
            const resend = failed && e.reply_id
              ? C.el("button", { type: "button", class: "secondary", "data-reply": e.reply_id, text: "Resend",
                  onclick: () => act("POST", `/replies/${e.reply_id}/resend`, "Reply queued again.") }) : null;
            return C.el("li", { class: [e.kind, failed ? "failed" : ""].join(" ") },
              C.el("div", { class: "muted", text: `${C.when(e.at)} · ${e.kind}` }),
              C.el("div", { class: "wrap", text: e.text || "" }), details ? C.el("small", { text: details }) : null, resend);
          };

          C.pages.session = async function (id) {
            const view = C.view("Session " + id.slice(0, 8));
            const status = C.el("p", { id: "session-status", role: "status" });
            const act = async (method, path, done) => {
              try { await C.api(method, path); sessionStorage.setItem("session-note", done); C.route(); }
              catch (error) { status.textContent = ""; C.failure(status, error); }
            };
            const note = sessionStorage.getItem("session-note");
            if (note) { status.textContent = note; sessionStorage.removeItem("session-note"); }
            let session, entries = null;
            try {
              const timeline = await C.api("GET", `/sessions/${encodeURIComponent(id)}/timeline`);
              session = timeline.session; entries = timeline.entries;
            } catch (error) {
              if (error.status !== 404 || !/not available/.test(error.message)) throw error;
              session = await C.api("GET", `/sessions/${encodeURIComponent(id)}`);
            }
            const open = session.status === "open";
            view.append(C.el("section", { class: "card", id: "session-summary" },
              C.el("p", {}, C.el("b", { text: `${session.flow} · ${session.state} · ${session.status}` })),
              C.el("p", { class: "muted", text: `${session.channel}${session.chat_id ? " · " + session.chat_id : ""} · agent ${session.agent_id ?? "—"} · updated ${C.when(session.updated_at)}` }),
              C.el("div", { class: "actions" },
                C.el("button", { type: "button", id: "session-menu", disabled: !open, text: "Back to menu",
                  onclick: () => act("POST", `/sessions/${id}/menu`, "Sent back to the menu.") }),
                C.el("button", { type: "button", id: "session-cancel", class: "danger", disabled: !open, text: "Cancel",
                  onclick: () => { if (confirm("Cancel this session?")) act("POST", `/sessions/${id}/cancel`, "Session cancelled."); } })),
              status));
            const timeline = C.el("section", { class: "card" }, C.el("h2", { text: "Timeline" }));
            if (entries === null) timeline.append(C.el("p", { class: "muted", text: "The timeline is not available on this server yet." }));
            else if (!entries.length) timeline.append(C.el("p", { class: "muted", text: "Nothing recorded." }));
            else timeline.append(C.el("ol", { class: "timeline", id: "session-timeline" }, entries.map((e) => entry(e, act))));
            view.append(timeline);
          };
        })(window.Console);

        """#
}
