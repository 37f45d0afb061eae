extension ConsoleScripts {
    /// Overview: `GET /stats/overview?days=1|7|30` as figures, bars per day, failure tables,
    /// the backlogs and Shauryapay's latency.
    static let overview = #"""
        "use strict";
        (function (C) {
          C.pages.overview = async function () {
            const view = C.view("Overview");
            const days = Number(sessionStorage.getItem("overview-days") || 7);
            const picker = C.el("select", { id: "overview-days", onchange: (e) => {
              sessionStorage.setItem("overview-days", e.target.value); C.route();
            } }, [1, 7, 30].map((d) => C.el("option", { value: d, selected: d === days, text: d === 1 ? "Today" : `${d} days` })));
            view.append(C.el("form", { class: "filters" }, C.el("label", {}, "Period", picker)));
            const stats = await C.api("GET", "/stats/overview" + C.query({ days }));
            const t = stats.totals;
            const figure = (label, value) => C.el("div", { class: "figure" }, C.el("b", { text: value }), label);
            view.append(C.el("section", { class: "card", id: "overview-figures" }, C.el("div", { class: "figures" },
              figure("activations", t.activations), figure("replacements", t.replacements),
              figure("flows started", t.flows_started), figure("flows completed", t.flows_completed),
              figure("inbox backlog", stats.inbox_backlog), figure("outbox backlog", stats.outbox_backlog))));
            const labels = stats.days.map((d) => d.date);
            view.append(C.el("section", { class: "card" }, C.el("h2", { text: `Activations per day, ${stats.from} to ${stats.to}` }),
              C.barChart(labels, [
                { name: "activations", values: stats.days.map((d) => d.activations) },
                { name: "replacements", values: stats.days.map((d) => d.replacements) },
              ], "Activations and replacements per day")));
            view.append(C.el("section", { class: "card" }, C.el("h2", { text: "Flows per day" }),
              C.barChart(labels, [
                { name: "started", values: stats.days.map((d) => d.flows_started) },
                { name: "completed", values: stats.days.map((d) => d.flows_completed) },
              ], "Flows started and completed per day")));
            const latency = stats.shauryapay_latency_ms || {};
            const ms = (x) => x === null || x === undefined ? "—" : `${Math.round(x)} ms`;
            view.append(C.el("div", { class: "grid" },
              C.el("section", { class: "card" }, C.el("h2", { text: "Provider failures by step" }),
                C.table([["Step", (r) => r.step], ["Failures", (r) => r.count]], stats.provider_failures_by_step, "No failures.")),
              C.el("section", { class: "card" }, C.el("h2", { text: "Reply failures by code" }),
                C.table([["Code", (r) => r.code], ["Failures", (r) => r.count]], stats.reply_failures_by_code, "No failures.")),
              C.el("section", { class: "card" }, C.el("h2", { text: "Shauryapay latency" }),
                C.el("div", { class: "figures" }, figure("p50", ms(latency.p50)), figure("p99", ms(latency.p99)),
                  figure("calls", latency.calls ?? 0)))));
          };
        })(window.Console);

        """#

    /// Funnel: a flow, a date range and an optional agent; `GET /stats/funnel` as one bar per
    /// step with how many reached it, left there and the median time at it.
    static let funnel = #"""
        "use strict";
        (function (C) {
          C.pages.funnel = async function () {
            const view = C.view("Funnel");
            const saved = JSON.parse(sessionStorage.getItem("funnel") || "{}");
            const flow = C.el("select", { name: "flow", id: "funnel-flow" },
              ["login", "menu", "assign", "replace"].map((f) => C.el("option", { value: f, selected: f === (saved.flow || "assign"), text: f })));
            const from = C.el("input", { type: "date", name: "from", id: "funnel-from", value: saved.from || C.indiaDate(-6) });
            const to = C.el("input", { type: "date", name: "to", id: "funnel-to", value: saved.to || C.indiaDate(0) });
            const agent = C.el("input", { type: "number", name: "agent_id", id: "funnel-agent", min: 1, placeholder: "any", value: saved.agent_id || "" });
            const result = C.el("div", { id: "funnel-result" });
            const show = async () => {
              const wanted = { flow: flow.value, from: from.value, to: to.value, agent_id: agent.value };
              sessionStorage.setItem("funnel", JSON.stringify(wanted));
              result.replaceChildren(C.el("p", { class: "muted", text: "Loading…" }));
              try {
                const funnel = await C.api("GET", "/stats/funnel" + C.query(wanted));
                const seconds = (s) => s === null || s === undefined ? "—" : s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;
                result.replaceChildren(
                  C.el("p", { text: `${funnel.started} started, ${funnel.completed} completed (${funnel.from} to ${funnel.to})` }),
                  C.hBars(funnel.steps.map((s) => ({ label: s.step, value: s.reached, note: `${s.reached} reached, ${s.left} left` })), "Funnel"),
                  C.table([["Step", (s) => s.step], ["Reached", (s) => s.reached], ["Left here", (s) => s.left],
                    ["Median time", (s) => seconds(s.median_seconds)]], funnel.steps));
              } catch (error) {
                result.replaceChildren();
                C.failure(result, error);
              }
            };
            view.append(C.el("form", { class: "filters", onsubmit: (e) => { e.preventDefault(); show(); } },
              C.el("label", {}, "Flow", flow), C.el("label", {}, "From", from), C.el("label", {}, "To", to),
              C.el("label", {}, "Agent id", agent), C.el("button", { type: "submit", text: "Show" })), result);
            await show();
          };
        })(window.Console);

        """#
}
