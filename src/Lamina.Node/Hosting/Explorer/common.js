// Shared by every panel of the explorer: page state, element building, formatting and JSON-RPC calls.
'use strict';
const KEEP = 15, NOT_FOUND = -32001, METHOD_NOT_FOUND = -32601;
const $ = id => document.getElementById(id);
const st = { head: null, blocks: new Map(), wsOpen: false, backoffMs: 500, query: null, filling: false, fillAgain: false, statsAt: 0, statsBusy: false, statsAgain: false, renderQueued: false };

/** Builds an element; children are nodes or text, never HTML, so nothing from the chain is parsed as markup. */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of children.flat(Infinity)) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  return e;
}
const short = h => h && h.length > 18 ? h.slice(0, 10) + '…' + h.slice(-6) : h;
const link = (query, text, testid) => el('a', { href: '#' + encodeURIComponent(query), title: query, 'data-testid': testid }, text ?? query);
// Amounts are decimal strings (128-bit values lose precision as JS numbers), so digits are grouped as text.
const amount = s => String(s).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const clock = ms => new Date(ms).toLocaleTimeString([], { hour12: false });
const fullTime = ms => new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
function seconds(ms) { return ms < 10_000 ? (ms / 1000).toFixed(1) + ' s' : ms < 120_000 ? Math.round(ms / 1000) + ' s' : Math.round(ms / 60_000) + ' min'; }

class RpcError extends Error { constructor(message, code) { super(message); this.code = code; } }

/** Sends calls as one JSON-RPC batch; returns each call's {result} or {error} in order. */
async function rpcBatch(calls) {
  const body = calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params: params || [] }));
  let response;
  try {
    response = await fetch('/rpc', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    throw new RpcError('the node cannot be reached (' + e.message + ')');
  }
  let answers;
  try { answers = await response.json(); } catch { throw new RpcError('the node answered HTTP ' + response.status + ' without JSON'); }
  if (!Array.isArray(answers)) throw new RpcError(answers?.error?.message ?? 'the node gave an unexpected answer', answers?.error?.code);
  const byId = new Map(answers.map(a => [a.id, a]));
  return calls.map((_, id) => byId.get(id) ?? { error: { message: 'no answer for this call' } });
}
function unwrap(answer) {
  if (answer.error) throw new RpcError(answer.error.message, answer.error.code);
  return answer.result;
}
async function rpc(method, ...params) { return unwrap((await rpcBatch([[method, params]]))[0]); }
const explain = e => e instanceof RpcError && e.code !== undefined ? 'The node refused the request: ' + e.message + ' (error ' + e.code + ').'
  : e instanceof RpcError ? 'Could not talk to the node: ' + e.message + '.' : 'Something went wrong in the page: ' + e.message;
