extension ConsoleScripts {
    /// "Try the bot": a chat with the sandbox as the demo agent (`POST /console/try`, then
    /// `POST /console/try/{id}/message`), drawn as WhatsApp shows the bot's messages: reply
    /// buttons, a list behind its button (pages of 9 and "More…" beyond 10), and a photo picker.
    static let chat = #"""
        "use strict";
        (function (C) {
          const state = C.chat = { session: null, log: null };

          const bubble = (mine, ...children) => C.el("div", { class: "bubble" + (mine ? " mine" : "") }, children);

          const say = async (body, shown) => {
            state.log.append(shown);
            try {
              const answer = await C.api("POST", `/console/try/${state.session}/message`, body);
              show(answer);
            } catch (error) {
              state.log.append(C.el("div", { class: "bubble error", role: "alert", text: error.message }));
            }
            state.log.lastElementChild.scrollIntoView({ block: "end" });
          };

          const tap = (id, title) => say({ option_id: id }, bubble(true, title));

          const render = (message) => {
            if (message.type === "text") return bubble(false, message.text.body);
            const box = message.interactive;
            const text = box.body.text;
            if (box.type === "button") {
              return bubble(false, text, C.el("div", { class: "choices" }, box.action.buttons.map((b) =>
                C.el("button", { type: "button", "data-option": b.reply.id, text: b.reply.title, onclick: () => tap(b.reply.id, b.reply.title) }))));
            }
            const rows = box.action.sections.flatMap((s) => s.rows);
            const sheet = C.el("div", { class: "sheet", hidden: true }, rows.map((r) =>
              C.el("button", { type: "button", "data-option": r.id, onclick: () => { sheet.hidden = true; tap(r.id, r.title); } },
                r.title, r.description ? C.el("small", { text: r.description }) : null)));
            return bubble(false, text, C.el("div", { class: "choices" },
              C.el("button", { type: "button", class: "list-open", text: "☰ " + box.action.button, onclick: () => { sheet.hidden = !sheet.hidden; } })), sheet);
          };

          const show = (answer) => {
            state.session = answer.session_id;
            for (const message of answer.messages) state.log.append(render(message));
            document.getElementById("chat-step").textContent = `${answer.flow} · ${answer.step}`;
          };

          C.pages.try = async function () {
            const view = C.view("Try the bot");
            view.append(C.el("p", { class: "muted", text: "A chat with the sandbox as the demo agent, already logged in. Buttons, lists and photos as WhatsApp shows them; the customer OTP is 123456." }));
            state.log = C.el("div", { class: "chat", id: "chat-log", "aria-live": "polite" });
            const text = C.el("input", { type: "text", id: "chat-text", placeholder: "Type a message", autocomplete: "off" });
            const photo = C.el("input", { type: "file", id: "chat-photo", accept: "image/jpeg,image/png" });
            photo.addEventListener("change", () => {
              const file = photo.files[0];
              if (!file || !state.session) return;
              const reader = new FileReader();
              reader.onload = () => say({ image_base64: reader.result }, bubble(true, C.el("img", { src: reader.result, alt: file.name })));
              reader.readAsDataURL(file);
              photo.value = "";
            });
            const composer = C.el("form", { class: "composer", onsubmit: (e) => {
              e.preventDefault();
              const value = text.value.trim();
              if (!value || !state.session) return;
              text.value = "";
              say({ text: value }, bubble(true, value));
            } }, text, C.el("button", { type: "submit", text: "Send" }), C.el("label", {}, "📷 Photo ", photo));
            const start = C.el("button", { type: "button", id: "chat-start", text: "Start a new chat", onclick: async () => {
              state.log.replaceChildren();
              try { show(await C.api("POST", "/console/try")); }
              catch (error) { state.log.append(C.el("div", { class: "bubble error", role: "alert", text: error.message })); }
            } });
            view.append(C.el("div", { class: "actions" }, start, C.el("span", { class: "muted", id: "chat-step" })), state.log, composer);
            start.click();
          };
        })(window.Console);

        """#
}
