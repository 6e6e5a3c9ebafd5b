// GET /docs — a small, self-contained page (no external scripts, fonts or styles) that fetches
// /openapi.json and renders its endpoints, parameters and schemas.
import { createHash } from 'node:crypto';

const HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gongkai 公开 — API</title>
<style>
  body { font: 15px/1.5 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1d2329; background: #fafafa; }
  header { background: #8c1c13; color: #fff; padding: 16px 24px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 4px 0 0; opacity: .9; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 64px; }
  section.op { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; margin: 12px 0; }
  section.op > h3 { margin: 0; padding: 10px 14px; font-size: 15px; cursor: pointer; display: flex; gap: 10px; align-items: baseline; }
  .method { font: 600 12px ui-monospace, monospace; padding: 2px 8px; border-radius: 4px; color: #fff; background: #2b6cb0; }
  .method.post { background: #2f855a; }
  code, pre { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
  .body { padding: 0 14px 12px; display: none; }
  section.op.open .body { display: block; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border-bottom: 1px solid #eee; padding: 4px 6px; text-align: left; vertical-align: top; }
  pre { background: #f4f4f4; padding: 8px; overflow: auto; max-height: 420px; }
  .tag { color: #666; font-size: 13px; }
  input { font: inherit; padding: 6px 8px; width: 100%; box-sizing: border-box; margin: 8px 0; }
</style>
</head>
<body>
<header><h1>Gongkai 公开 — API</h1><p id="desc">Loading /openapi.json …</p></header>
<main>
  <input id="filter" placeholder="Filter endpoints and schemas / 筛选">
  <div id="ops"></div>
  <h2>Schemas</h2>
  <div id="schemas"></div>
</main>
<script>
(async () => {
  const res = await fetch('/openapi.json');
  const doc = await res.json();
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) k === 'class' ? (e.className = v) : e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  };
  document.getElementById('desc').textContent = doc.info.title + ' — ' + doc.info.description;
  const ops = document.getElementById('ops');
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const body = el('div', { class: 'body' });
      body.append(el('p', {}, op.description || ''));
      if (op.parameters && op.parameters.length) {
        const t = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'schema'), el('th', {}, 'description')));
        for (const p of op.parameters) t.append(el('tr', {}, el('td', {}, el('code', {}, p.name + (p.required ? ' *' : ''))), el('td', {}, p.in), el('td', {}, el('code', {}, JSON.stringify(p.schema))), el('td', {}, p.description || '')));
        body.append(t);
      }
      if (op.requestBody) body.append(el('p', {}, 'Request body: '), el('pre', {}, JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)));
      const r = el('table', {}, el('tr', {}, el('th', {}, 'status'), el('th', {}, 'response')));
      for (const [status, resp] of Object.entries(op.responses || {})) {
        const schema = resp.content && Object.values(resp.content)[0].schema;
        r.append(el('tr', {}, el('td', {}, status), el('td', {}, resp.description + (schema ? ' — ' + JSON.stringify(schema) : ''))));
      }
      body.append(r);
      const h = el('h3', {}, el('span', { class: 'method ' + method }, method.toUpperCase()), el('code', {}, path), el('span', { class: 'tag' }, op.summary || ''));
      const sec = el('section', { class: 'op', 'data-text': (path + ' ' + (op.summary || '')).toLowerCase() }, h, body);
      h.addEventListener('click', () => sec.classList.toggle('open'));
      ops.append(sec);
    }
  }
  const schemas = document.getElementById('schemas');
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const body = el('div', { class: 'body' }, el('pre', {}, JSON.stringify(schema, null, 2)));
    const h = el('h3', {}, el('code', {}, name), el('span', { class: 'tag' }, schema.title || schema.description || ''));
    const sec = el('section', { class: 'op', id: 'schema-' + name, 'data-text': (name + ' ' + (schema.title || '')).toLowerCase() }, h, body);
    h.addEventListener('click', () => sec.classList.toggle('open'));
    schemas.append(sec);
  }
  document.getElementById('filter').addEventListener('input', (e) => {
    const q = e.target.value.toLowerCase();
    for (const s of document.querySelectorAll('section.op')) s.style.display = s.dataset.text.includes(q) ? '' : 'none';
  });
})().catch((e) => { document.getElementById('desc').textContent = 'Could not load /openapi.json: ' + e; });
</script>
</body>
</html>
`;

let cached: { html: Buffer; etag: string } | undefined;

export function docsPage(): { html: Buffer; etag: string } {
  if (!cached) {
    const html = Buffer.from(HTML, 'utf8');
    cached = { html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 32)}"` };
  }
  return cached;
}
