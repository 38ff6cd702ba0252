/**
 * The API's reference as a page (`/api/docs`), rendered from the OpenAPI document itself: each
 * route with its scope, parameters, body and answer. Plain HTML, no script, nothing fetched.
 */
import { escapeHtml } from '../../domain/escape-html.js';

type Json = Record<string, unknown>;

const pretty = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;

function operationHtml(path: string, method: string, op: Json): string {
  const parameters = (op.parameters as Json[]) ?? [];
  const body = (op.requestBody as Json | undefined)?.content as Json | undefined;
  const responses = op.responses as Record<string, Json>;
  const success = Object.entries(responses).find(([status]) => status.startsWith('2'));
  return `<section id="${escapeHtml(String(op.operationId))}">
<h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h2>
<p>${escapeHtml(String(op.summary))} <strong>${escapeHtml(String(op.description))}</strong></p>
${
  parameters.length > 0
    ? `<h3>Parameters</h3><table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Schema</th></tr></thead><tbody>${parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`,
        )
        .join('')}</tbody></table>`
    : ''
}
${body ? `<h3>Body</h3>${pretty((body['application/json'] as Json).schema)}` : ''}
${success ? `<h3>Answer (${success[0]})</h3>${pretty(((success[1].content as Json)['application/json'] as Json).schema)}` : ''}
</section>`;
}

export function apiDocsPage(document: Json): string {
  const info = document.info as Json;
  const paths = document.paths as Record<string, Record<string, Json>>;
  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title))} reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
pre,code{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f4f4f4;padding:.75rem;overflow:auto}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:start;vertical-align:top}
section{border-top:1px solid #ddd;margin-top:2rem}</style></head>
<body><main><h1>${escapeHtml(String(info.title))} reference</h1>
<p>${escapeHtml(String(info.description))}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Every error answers
<code>{"error":{"code","message"}}</code> with one of the shared error codes.</p>
<nav aria-label="Routes"><ul>${operations
    .map(
      ({ path, method, op }) =>
        `<li><a href="#${escapeHtml(String(op.operationId))}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a> ${escapeHtml(String(op.summary))}</li>`,
    )
    .join('')}</ul></nav>
${operations.map(({ path, method, op }) => operationHtml(path, method, op)).join('\n')}
</main></body></html>`;
}
