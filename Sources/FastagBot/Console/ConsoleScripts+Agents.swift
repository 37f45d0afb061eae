extension ConsoleScripts {
    /// Agents: wallet, tags left, activations and when last seen (`GET /agents/`); an agent is
    /// deactivated or reactivated by changing its status (`PUT /agents/{id}`, which exists
    /// whatever else the API gains).
    static let agents = #"""
        "use strict";
        (function (C) {
          const rupees = (paise) => "₹" + (paise / 100).toLocaleString("en-IN", { minimumFractionDigits: 2 });
          C.pages.agents = async function () {
            const view = C.view("Agents");
            const status = C.el("p", { id: "agents-status", role: "status" });
            const page = await C.api("GET", "/agents/?limit=500");
            const toggle = (agent) => {
              const next = agent.status === "active" ? "inactive" : "active";
              return C.el("button", { type: "button", class: next === "inactive" ? "danger" : "secondary",
                "data-agent": agent.id, text: next === "inactive" ? "Deactivate" : "Reactivate",
                onclick: async () => {
                  try { await C.api("PUT", `/agents/${agent.id}`, { status: next }); C.route(); }
                  catch (error) { C.failure(status, error); }
                } });
            };
            view.append(status, C.el("p", { class: "muted", text: `${page.total} agents` }), C.table([
              ["Name", (a) => `${a.first_name} ${a.last_name}`.trim()], ["Mobile", (a) => a.mobile],
              ["Status", (a) => a.status], ["Wallet", (a) => rupees(a.wallet_balance_paise)],
              ["Tags left", (a) => a.fastags_left], ["Activations", (a) => a.activations ?? "—"],
              ["Last seen", (a) => C.when(a.last_seen_at)], ["", toggle],
            ], page.items, "No agents."));
          };
        })(window.Console);

        """#
}
