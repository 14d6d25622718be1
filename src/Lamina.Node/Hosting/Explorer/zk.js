// The ZK rollup panel: on a node running the zk-operator role, the operator's pending head, the proven head L1 holds
// (priority queue, exodus), the latest batches with their proof sizes and prove / L1 verify times, and what waits
// for a batch. Other nodes say where the operator is.
'use strict';

const zk = { busy: false };

function showZkError(e) { $('zk-error').textContent = e ? explain(e) : ''; $('zk-error').hidden = !e; }

const zkCard = (label, value, testid, cls) => el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value ' + (cls ?? ''), 'data-testid': testid }, value));
const zkTable = (testid, heads, rows) => el('div', { class: 'scroll' }, el('table', { 'data-testid': testid },
  el('thead', {}, el('tr', {}, heads.map(h => el('th', {}, h)))), el('tbody', {}, rows)));
const phaseClass = p => p === 'verified' ? 'ok' : p === 'rejected' ? 'bad' : 'warn';
const ms = v => v === null || v === undefined ? '–' : v < 1000 ? v + ' ms' : (v / 1000).toFixed(1) + ' s';
const us = v => v === null || v === undefined ? '–' : v < 1000 ? v + ' µs' : (v / 1000).toFixed(1) + ' ms';

async function refreshZk() {
  if (zk.busy) return;
  zk.busy = true;
  try {
    const [head, pending] = await rpcBatch([['zk_head'], ['zk_pending', [10]]]);
    if (head.error) {
      if (head.error.code === METHOD_NOT_FOUND) {
        $('zk-status').textContent = 'no operator here'; $('zk-status').className = 'dim';
        $('zk').replaceChildren(el('p', { class: 'dim', 'data-testid': 'zk-not-here' },
          'This node does not run the zk-operator role; the devnet lists zk-operator-0 in endpoints.json (role "zk-operator"), or run lamina zk status.'));
        showZkError(null);
        return;
      }
      if (head.error.code === NOT_FOUND) { $('zk-status').textContent = 'operator starting'; $('zk-status').className = 'warn'; }
      throw new RpcError(head.error.message, head.error.code);
    }
    const h = head.result, p = h.proven;
    const count = Math.min(8, h.pending.batches);
    const calls = [];
    for (let n = h.pending.batches - 1; n >= h.pending.batches - count; n--) calls.push(['zk_getBatch', [n]]);
    const batches = calls.length ? (await rpcBatch(calls)).map(unwrap) : [];
    $('zk-status').textContent = p?.frozen ? 'frozen (exodus)' : (p ? p.batches + ' proven' : 'reading L1');
    $('zk-status').className = p?.frozen ? 'bad' : p ? 'ok' : 'warn';
    const ops = pending.error ? [] : pending.result.operations;
    $('zk').replaceChildren(el('div', { class: 'panel', 'data-testid': 'zk-panel', 'data-rollup-id': h.rollupId },
      el('h3', {}, 'ZK rollup ' + h.rollupId),
      el('div', { class: 'cards' },
        zkCard('Batches built', h.pending.batches, 'zk-batches'),
        zkCard('Proven on L1', p ? p.batches : '–', 'zk-proven'),
        zkCard('Waiting for a batch', h.pending.unbatched, 'zk-unbatched'),
        zkCard('L1 priority queue (waiting / queued)', p ? p.priorityOpsWaiting + ' / ' + p.priorityOpsQueued : '–', 'zk-priority'),
        zkCard('Exodus', p ? (p.frozen ? 'frozen: withdraw from the last proven root' : 'not frozen') : '–', 'zk-exodus', p?.frozen ? 'bad' : 'ok'),
        zkCard('Accounts (pending state)', h.pending.accounts, 'zk-accounts'),
        zkCard('L1 height read', p ? p.l1Height : '–', 'zk-l1-height')),
      el('p', { class: 'dim' }, 'Pending root ', el('code', { title: h.pending.stateRoot, 'data-testid': 'zk-pending-root' }, short(h.pending.stateRoot)),
        ', proven root ', el('code', { title: p?.stateRoot, 'data-testid': 'zk-proven-root' }, p ? short(p.stateRoot) : '–'),
        h.lastError ? el('span', { class: 'bad', 'data-testid': 'zk-last-error' }, ' — last error: ' + h.lastError) : ''),
      el('h3', {}, 'Latest batches'),
      zkTable('zk-batches-table', ['batch', 'phase', 'ops', 'priority ops', 'pubdata', 'proof size', 'prove time', 'L1 height', 'L1 verify time'], batches.map(b =>
        el('tr', { 'data-testid': 'zk-batch-row', 'data-number': b.number }, el('td', {}, b.number),
          el('td', { class: phaseClass(b.phase), 'data-testid': 'zk-batch-phase', title: b.lastRejection ?? '' }, b.phase),
          el('td', { class: 'num' }, b.opCount), el('td', { class: 'num' }, b.priorityOps), el('td', { class: 'num' }, amount(b.pubdataBytes) + ' B'),
          el('td', { class: 'num', 'data-testid': 'zk-proof-size' }, amount(b.proofBytes) + ' B'), el('td', { class: 'num', 'data-testid': 'zk-prove-time' }, ms(b.proveMs)),
          el('td', {}, b.l1Height ?? '–'), el('td', { class: 'num', 'data-testid': 'zk-verify-time' }, us(b.l1VerifyUs))))),
      el('h3', {}, 'Waiting for a batch'),
      zkTable('zk-pending-table', ['log position', 'kind', 'id'], ops.map(o =>
        el('tr', { 'data-testid': 'zk-pending-row' }, el('td', {}, o.sequence), el('td', {}, o.kind), el('td', {}, el('code', { title: o.hash }, short(o.hash))))))));
    showZkError(null);
  } catch (e) {
    showZkError(e);
  } finally {
    zk.busy = false;
  }
}

setInterval(refreshZk, 2000);
refreshZk();
