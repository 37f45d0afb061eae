/// `/docs` (interactive explorer) and `/redoc` (read-only reference): one self-contained
/// page each, with no external scripts, fonts or styles, so they work offline. Both render
/// `/openapi.json`; the explorer adds a token box and "Try it".
enum DocsPage {
    static func html(interactive: Bool) -> String {
        let title = interactive ? "fastag-bot API explorer" : "fastag-bot API reference"
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
              <h1>\(title)</h1>
              <span id="version"></span>
              \(interactive ? tokenBox : "<a href=\"/docs\">Interactive explorer</a>")
            </header>
            <div id="layout">
              <nav id="toc"></nav>
              <main id="content"><p>Loading /openapi.json…</p></main>
            </div>
            <script>const INTERACTIVE = \(interactive);</script>
            <script>\(script)</script>
            </body>
            </html>
            """
    }

    private static let tokenBox = """
        <label id="token-box">Bearer token <input id="token" type="password" autocomplete="off"
        placeholder="ADMIN_TOKEN"></label> <a href="/redoc">Reference view</a>
        """

    private static let style = #"""
        :root { --ink:#1d2733; --muted:#5b6b7c; --line:#d8dee6; --bg:#f6f8fa; --accent:#0b6e4f; }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:#fff; }
        header { display:flex; gap:16px; align-items:center; padding:12px 20px; border-bottom:1px solid var(--line); background:var(--bg); position:sticky; top:0; z-index:2; flex-wrap:wrap; }
        header h1 { font-size:18px; margin:0; }
        #version { color:var(--muted); }
        #token-box { margin-left:auto; }
        #token { width:260px; font:inherit; padding:3px 6px; border:1px solid var(--line); border-radius:4px; }
        #layout { display:flex; }
        nav { width:270px; flex:none; border-right:1px solid var(--line); padding:12px; height:calc(100vh - 54px); overflow:auto; position:sticky; top:54px; }
        nav h3 { font-size:13px; text-transform:uppercase; color:var(--muted); margin:14px 0 4px; }
        nav a { display:block; color:var(--ink); text-decoration:none; padding:2px 0; font-size:13px; }
        nav a:hover { color:var(--accent); }
        main { flex:1; padding:12px 24px 60px; min-width:0; }
        section.tag > h2 { border-bottom:2px solid var(--line); padding-bottom:4px; }
        .op { border:1px solid var(--line); border-radius:6px; margin:12px 0; background:#fff; }
        .op > summary { cursor:pointer; padding:8px 12px; display:flex; gap:10px; align-items:center; list-style:none; }
        .op[open] > summary { border-bottom:1px solid var(--line); background:var(--bg); }
        .method { font:bold 12px monospace; color:#fff; padding:2px 8px; border-radius:3px; min-width:62px; text-align:center; }
        .GET { background:#2b6cb0; } .POST { background:#2f855a; } .PUT { background:#b7791f; } .DELETE { background:#c53030; } .HEAD, .OPTIONS { background:#555; }
        .path { font-family:monospace; font-weight:600; }
        .lock { color:var(--muted); font-size:12px; margin-left:auto; }
        .body { padding:8px 14px 14px; }
        h4 { margin:14px 0 6px; font-size:14px; }
        table { border-collapse:collapse; width:100%; font-size:13px; }
        td, th { border-bottom:1px solid var(--line); padding:4px 6px; text-align:left; vertical-align:top; }
        code, pre, textarea { font-family: ui-monospace, Menlo, Consolas, monospace; font-size:12.5px; }
        pre { background:#0f1720; color:#e6edf3; padding:10px; border-radius:5px; overflow:auto; max-height:420px; }
        .schema { font-family:monospace; font-size:12.5px; }
        .schema ul { margin:0; padding-left:18px; list-style:none; }
        .type { color:#6b46c1; } .req { color:#c53030; font-size:11px; } .desc { color:var(--muted); font-family:system-ui, sans-serif; }
        .try { background:var(--bg); border:1px solid var(--line); border-radius:5px; padding:10px; margin-top:12px; }
        .try input, .try textarea { width:100%; padding:4px 6px; border:1px solid var(--line); border-radius:4px; }
        .try textarea { height:140px; }
        button { font:inherit; background:var(--accent); color:#fff; border:0; border-radius:4px; padding:5px 14px; cursor:pointer; margin-top:8px; }
        .status { font-weight:bold; } .ok { color:#2f855a; } .bad { color:#c53030; }
        """#

    /// Renders the spec; plain DOM building, no libraries.
    private static let script = #"""
        (function () {
          const $ = (tag, attrs, ...kids) => {
            const el = document.createElement(tag);
            for (const [k, v] of Object.entries(attrs || {})) { if (k === 'class') el.className = v; else el.setAttribute(k, v); }
            for (const kid of kids.flat()) if (kid !== null && kid !== undefined) el.append(kid.nodeType ? kid : String(kid));
            return el;
          };
          let spec;
          const resolve = (schema) => {
            if (schema && schema.$ref) return spec.components.schemas[schema.$ref.split('/').pop()];
            return schema || {};
          };
          const typeOf = (s) => {
            if (s.$ref) return s.$ref.split('/').pop();
            let t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type || 'any');
            if (s.type === 'array') t = 'array of ' + typeOf(s.items || {});
            if (s.format) t += ' (' + s.format + ')';
            return t;
          };
          const inline = (text) => $('span', {}, ...String(text).split('`').map((part, i) => i % 2 ? $('code', {}, part) : part));
          const schemaView = (schema, depth) => {
            const s = resolve(schema);
            const box = $(depth ? 'span' : 'div', { class: 'schema' });
            const line = $('span', {}, $('span', { class: 'type' }, typeOf(schema)));
            if (s.enum) line.append(' one of ', s.enum.map(v => JSON.stringify(v)).join(', '));
            if (s.minimum !== undefined || s.maximum !== undefined) {
              line.append(' from ', String(s.minimum ?? '…'), ' to ', String(s.maximum ?? '…'));
            }
            if (s.maxLength !== undefined) line.append(' at most ' + s.maxLength + ' characters');
            if (s.pattern) line.append(' pattern ', $('code', {}, s.pattern));
            if (s.description) line.append(' ', $('span', { class: 'desc' }, '— ', inline(s.description)));
            box.append(line);
            const props = s.properties || (s.type === 'array' && resolve(s.items).properties);
            const owner = s.properties ? s : resolve(s.items);
            if (props && depth < 4) {
              const list = $('ul');
              for (const [name, sub] of Object.entries(props)) {
                const required = (owner.required || []).includes(name);
                const item = $('li', {}, $('b', {}, name), required ? $('span', { class: 'req' }, ' required') : null, ': ');
                item.append(schemaView(sub, depth + 1));
                list.append(item);
              }
              box.append(list);
            }
            return box;
          };
          const pretty = (value) => JSON.stringify(value, null, 2);
          const tryIt = (path, method, op) => {
            const form = $('div', { class: 'try' }, $('h4', {}, 'Try it'));
            const inputs = {};
            for (const p of op.parameters || []) {
              const input = $('input', { placeholder: p.in + ' parameter' + (p.required ? ' (required)' : '') });
              inputs[p.name] = { input, where: p.in };
              form.append($('label', {}, p.name, input));
            }
            let bodyBox = null;
            const media = op.requestBody && op.requestBody.content['application/json'];
            if (media) {
              bodyBox = $('textarea', {});
              bodyBox.value = media.example ? pretty(media.example) : '{}';
              form.append($('label', {}, 'JSON body', bodyBox));
            }
            const out = $('div', {});
            const send = $('button', {}, 'Send ' + method.toUpperCase());
            send.onclick = async () => {
              let url = path;
              const query = new URLSearchParams();
              for (const [name, { input, where }] of Object.entries(inputs)) {
                if (where === 'path') url = url.replace('{' + name + '}', encodeURIComponent(input.value));
                else if (input.value !== '') query.set(name, input.value);
              }
              if ([...query].length) url += '?' + query;
              const headers = {};
              const token = document.getElementById('token').value.trim();
              if (token) headers['Authorization'] = 'Bearer ' + token;
              const init = { method: method.toUpperCase(), headers };
              if (bodyBox) { headers['Content-Type'] = 'application/json'; init.body = bodyBox.value; }
              out.replaceChildren('Sending…');
              try {
                const started = performance.now();
                const response = await fetch(url, init);
                const text = await response.text();
                let shown = text;
                try { shown = pretty(JSON.parse(text)); } catch (e) {}
                const heads = [...response.headers].map(([k, v]) => k + ': ' + v).join('\n');
                out.replaceChildren(
                  $('p', {}, $('span', { class: 'status ' + (response.ok ? 'ok' : 'bad') }, response.status + ' ' + response.statusText),
                    ' in ' + Math.round(performance.now() - started) + ' ms — ', $('code', {}, init.method + ' ' + url)),
                  $('pre', { class: 'response-headers' }, heads), $('pre', { class: 'response-body' }, shown || '(no body)'));
              } catch (error) {
                out.replaceChildren($('p', { class: 'bad' }, 'Request failed: ' + error));
              }
            };
            form.append(send, out);
            return form;
          };
          const operationView = (path, method, op) => {
            const id = op.operationId;
            const secured = (op.security || []).length > 0;
            const details = $('details', { class: 'op', id });
            details.append($('summary', {}, $('span', { class: 'method ' + method.toUpperCase() }, method.toUpperCase()),
              $('span', { class: 'path' }, path), $('span', {}, op.summary), secured ? $('span', { class: 'lock' }, '🔒 token') : null));
            const body = $('div', { class: 'body' });
            if (op.description) body.append($('p', {}, inline(op.description)));
            if (op.parameters && op.parameters.length) {
              const table = $('table', {}, $('tr', {}, $('th', {}, 'name'), $('th', {}, 'in'), $('th', {}, 'type'), $('th', {}, 'description')));
              for (const p of op.parameters) table.append($('tr', {}, $('td', {}, $('code', {}, p.name)), $('td', {}, p.in),
                $('td', {}, typeOf(p.schema)), $('td', {}, p.description || '')));
              body.append($('h4', {}, 'Parameters'), table);
            }
            const media = op.requestBody && op.requestBody.content['application/json'];
            if (media) {
              body.append($('h4', {}, 'Request body'), schemaView(media.schema, 0));
              if (media.example) body.append($('h4', {}, 'Example'), $('pre', {}, pretty(media.example)));
            }
            body.append($('h4', {}, 'Responses'));
            for (const [status, response] of Object.entries(op.responses)) {
              body.append($('p', {}, $('b', {}, status), ' ', inline(response.description)));
              const content = response.content && Object.values(response.content)[0];
              if (content && content.schema && !status.startsWith('4')) body.append(schemaView(content.schema, 0));
              if (content && content.example) body.append($('pre', {}, pretty(content.example)));
            }
            if (INTERACTIVE) body.append(tryIt(path, method, op));
            details.append(body);
            if (!INTERACTIVE) details.open = true;
            return details;
          };
          const render = () => {
            document.getElementById('version').textContent = spec.info.title + ' ' + spec.info.version;
            const byTag = new Map(spec.tags.map(t => [t.name, { tag: t, ops: [] }]));
            for (const [path, item] of Object.entries(spec.paths))
              for (const [method, op] of Object.entries(item)) {
                const name = op.tags[0];
                if (!byTag.has(name)) byTag.set(name, { tag: { name }, ops: [] });
                byTag.get(name).ops.push([path, method, op]);
              }
            const toc = document.getElementById('toc');
            const main = document.getElementById('content');
            main.replaceChildren($('p', {}, inline(spec.info.description)));
            const rank = { get: 0, post: 1, put: 2, patch: 3, delete: 4 };
            for (const group of byTag.values())
              group.ops.sort((a, b) => a[0].localeCompare(b[0]) || rank[a[1]] - rank[b[1]]);
            for (const { tag, ops } of byTag.values()) {
              toc.append($('h3', {}, tag.name));
              const section = $('section', { class: 'tag', id: 'tag-' + tag.name }, $('h2', {}, tag.name));
              if (tag.description) section.append($('p', {}, tag.description));
              for (const [path, method, op] of ops) {
                toc.append($('a', { href: '#' + op.operationId }, method.toUpperCase() + ' ' + path));
                section.append(operationView(path, method, op));
              }
              main.append(section);
            }
            if (!INTERACTIVE) {
              const schemas = $('section', { class: 'tag', id: 'schemas' }, $('h2', {}, 'Schemas'));
              toc.append($('h3', {}, 'Schemas'));
              for (const [name, schema] of Object.entries(spec.components.schemas)) {
                toc.append($('a', { href: '#schema-' + name }, name));
                schemas.append($('h3', { id: 'schema-' + name }, name), schemaView(schema, 0));
              }
              main.append(schemas);
            }
            const wanted = location.hash.slice(1) || new URLSearchParams(location.search).get('open');
            const target = wanted && document.getElementById(wanted);
            if (target) { target.open = true; if (location.hash) target.scrollIntoView(); }
          };
          const token = document.getElementById('token');
          if (token) { token.value = sessionStorage.getItem('fastag-token') || ''; token.oninput = () => sessionStorage.setItem('fastag-token', token.value); }
          fetch('/openapi.json').then(r => r.json()).then(s => { spec = s; render(); })
            .catch(e => { document.getElementById('content').textContent = 'Could not load /openapi.json: ' + e; });
        })();
        """#
}
