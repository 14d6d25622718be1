// The rollups panel: every rollup the L1 rollups module holds (escrow, deposits, batch references with their blobs and
// the bytes posted per L2 transaction, output roots with their challenge windows, withdrawals paid), and, on a node
// that runs the sequencer or verifier role, its L2 heads.
'use strict';

const ru = { busy: false };

function showRollupError(e) { $('rollup-error').textContent = e ? explain(e) : ''; $('rollup-error').hidden = !e; }

/** "finalizes in 42 s", "final", or what keeps an output open. */
function outputWindow(o) {
  if (o.status === 'finalized') return 'final';
  const left = o.finalizesAtMs - Date.now();
  return o.status === 'proposed' ? (left > 0 ? 'finalizes in ' + seconds(left) : 'window over, finalizes with the next block') : o.status;
}

async function latest(method, rollupId, total) {
  const from = Math.max(0, total - 8);
  return total === 0 ? [] : unwrap((await rpcBatch([[method, [rollupId, from, 8]]]))[0]);
}

async function refreshRollups() {
  if (ru.busy) return;
  ru.busy = true;
  try {
    const [list, head, remote] = await rpcBatch([['rollup_list'], ['l2_head'], ['explorer_l2Heads']]);
    if (list.error) {
      if (list.error.code !== NOT_FOUND && list.error.code !== METHOD_NOT_FOUND) throw new RpcError(list.error.message, list.error.code);
      $('rollup-status').textContent = 'none on this chain'; $('rollup-status').className = 'dim';
      $('rollups').replaceChildren(el('p', { class: 'dim', 'data-testid': 'rollup-none' }, 'This chain runs no rollups module: its genesis has no "rollups" section.'));
    } else {
      const rollups = list.result.rollups;
      $('rollup-status').textContent = rollups.length + ' registered'; $('rollup-status').className = 'ok';
      const panels = [];
      for (const r of rollups) panels.push(await rollupPanel(r));
      $('rollups').replaceChildren(...panels);
    }
    renderL2Head(head, remote);
    showRollupError(null);
  } catch (e) {
    showRollupError(e);
  } finally {
    ru.busy = false;
  }
}

/** The newest batches with what they carry (explorer_rollupBatches), or the bare references where the node cannot say. */
async function latestBatches(r) {
  const from = Math.max(0, r.batches - 8);
  if (r.batches === 0) return { batches: [] };
  const [rich] = await rpcBatch([['explorer_rollupBatches', [r.rollupId, from, 8]]]);
  if (!rich.error) return rich.result;
  if (rich.error.code !== NOT_FOUND && rich.error.code !== METHOD_NOT_FOUND) throw new RpcError(rich.error.message, rich.error.code);
  return latest('rollup_getBatches', r.rollupId, r.batches);
}

/** Withdrawals paid on L1 lately, or null where the node cannot list them. */
async function latestWithdrawals(r) {
  const [answer] = await rpcBatch([['explorer_rollupWithdrawals', [r.rollupId, 8]]]);
  return answer.error ? null : answer.result.withdrawals;
}

/** Bytes posted per L2 transaction over the batches whose contents are known: the figure a rollup is judged by. */
function bytesPerTx(batches) {
  let bytes = 0, txs = 0;
  for (const b of batches) if (b.transactions) { bytes += b.postedBytes; txs += b.transactions; }
  return txs === 0 ? '–' : (bytes / txs).toFixed(1) + ' B';
}

async function rollupPanel(r) {
  const [outputs, deposits, batches, withdrawals] = [await latest('rollup_getOutputs', r.rollupId, r.outputs), await latest('rollup_getDeposits', r.rollupId, r.deposits), await latestBatches(r), await latestWithdrawals(r)];
  // What L1 alone says of the L2 chain: the newest output root proposed, and the newest one past its window.
  const finalIndex = r.firstOpenOutput - 1;
  const final = finalIndex < 0 ? null : unwrap((await rpcBatch([['rollup_getOutputs', [r.rollupId, finalIndex, 1]]]))[0]).outputs[0];
  const table = (testid, heads, rows) => el('div', { class: 'scroll' }, el('table', { 'data-testid': testid },
    el('thead', {}, el('tr', {}, heads.map(h => el('th', {}, h)))), el('tbody', {}, rows)));
  return el('div', { class: 'panel', 'data-testid': 'rollup', 'data-rollup-id': r.rollupId },
    el('h3', {}, 'Rollup ' + r.rollupId + ' ', el('span', { class: 'dim mono' }, 'namespace ' + short(r.namespace))),
    el('div', { class: 'cards' },
      [['Finalized L2 block (by L1)', final ? final.l2BlockNumber : '–', 'rollup-finalized-l2'], ['Latest proposed L2 block', r.lastOutputL2Block, 'rollup-proposed-l2'],
       ['Escrowed on L1', amount(r.escrowed), 'rollup-escrowed'], ['Withdrawn to L1', amount(r.totalWithdrawn), 'rollup-withdrawn'], ['Deposits', r.deposits, 'rollup-deposits'], ['Batches', r.batches, 'rollup-batches'],
       ['Output roots', r.outputs, 'rollup-outputs'], ['Bytes posted per batched L2 tx (latest batches)', bytesPerTx(batches.batches ?? []), 'rollup-bytes-per-tx'], ['Challenge window', seconds(r.challengeWindowSeconds * 1000), null], ['Sequencing window', r.sequencingWindowBlocks + ' L1 blocks', null]]
        .map(([label, value, testid]) => el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value', 'data-testid': testid }, value)))),
    el('h3', {}, 'Output roots'),
    table('rollup-outputs-table', ['index', 'L2 block', 'output root', 'proposer', 'posted at L1', 'status'], [...outputs.outputs ?? []].reverse().map(o =>
      el('tr', { 'data-testid': 'output-row', 'data-index': o.index }, el('td', {}, o.index), el('td', {}, o.l2BlockNumber), el('td', {}, el('code', { title: o.outputRoot }, short(o.outputRoot))),
        el('td', {}, link(o.proposer, short(o.proposer))), el('td', {}, link(String(o.postedAtHeight), o.postedAtHeight)),
        el('td', { class: o.status === 'finalized' ? 'ok' : o.status === 'proposed' ? 'warn' : 'bad', 'data-testid': 'output-status' }, outputWindow(o))))),
    el('h3', {}, 'Deposits'),
    table('rollup-deposits-table', ['index', 'from (L1)', 'to (L2)', 'amount', 'L1 height'], [...deposits.deposits ?? []].reverse().map(d =>
      el('tr', { 'data-testid': 'deposit-row', 'data-index': d.index }, el('td', {}, d.index), el('td', {}, link(d.l1Sender, short(d.l1Sender))),
        el('td', { class: 'mono' }, short(d.l2Recipient)), el('td', { class: 'num', 'data-testid': 'deposit-amount' }, amount(d.amount)), el('td', {}, link(String(d.l1Height), d.l1Height))))),
    el('h3', {}, 'Batches'),
    table('rollup-batches-table', ['batch', 'blobs (L1 height / index)', 'bytes posted', 'L2 blocks', 'L2 txs', 'bytes per tx', 'posted at L1'], [...batches.batches ?? []].reverse().map(b =>
      el('tr', { 'data-testid': 'batch-row', 'data-number': b.number }, el('td', {}, b.number),
        el('td', { class: 'mono' }, b.blobs.map(l => link(String(l.l1Height), l.l1Height + '/' + l.blobIndex)).flatMap((a, i) => i ? [', ', a] : [a])),
        el('td', { class: 'num', 'data-testid': 'batch-bytes' }, b.postedBytes === undefined ? '–' : amount(b.postedBytes)),
        el('td', { class: 'num', 'data-testid': 'batch-blocks' }, b.l2Blocks === undefined ? '–' : b.firstL2Block + '–' + b.lastL2Block),
        el('td', { class: 'num', 'data-testid': 'batch-txs', title: b.contentError ?? '' }, b.transactions ?? '–'),
        el('td', { class: 'num', 'data-testid': 'batch-bytes-per-tx', title: b.contentError ?? '' }, b.bytesPerTransaction ?? '–'),
        el('td', {}, link(String(b.postedAtHeight), b.postedAtHeight))))),
    el('h3', {}, 'Withdrawals paid on L1'),
    withdrawals === null ? el('p', { class: 'dim' }, 'This node cannot list withdrawals; ' + amount(r.totalWithdrawn) + ' withdrawn in all.')
      : table('rollup-withdrawals-table', ['L2 sender', 'nonce', 'L1 recipient', 'amount', 'against output', 'paid at L1'], withdrawals.map(w =>
        el('tr', { 'data-testid': 'withdrawal-row' }, el('td', { class: 'mono' }, short(w.l2Sender)), el('td', {}, w.nonce), el('td', {}, link(w.l1Recipient, short(w.l1Recipient))),
          el('td', { class: 'num', 'data-testid': 'withdrawal-amount' }, amount(w.amount)), el('td', {}, w.outputIndex), el('td', {}, link(w.txHash, w.l1Height))))));
}

/** The heads of the L2 nodes this node names (explorerL2Rpcs; the devnet names sequencer-0 and verifier-0), one row each. */
function renderRemoteHeads(box, heads) {
  const cell = (n, testid) => el('td', { class: 'num', 'data-testid': testid }, n);
  box.replaceChildren(el('div', { class: 'scroll' }, el('table', { 'data-testid': 'l2-heads-table' },
    el('thead', {}, el('tr', {}, ['L2 node', 'role', 'unsafe head', 'safe head (derived from L1)', 'finalized head', 'output-root mismatches'].map(h => el('th', {}, h)))),
    el('tbody', {}, heads.map(h => el('tr', { 'data-testid': 'l2-node-row', 'data-source': h.source }, el('td', { class: 'mono' }, h.source),
      h.error ? el('td', { colspan: 5, class: 'bad', 'data-testid': 'l2-node-error' }, 'unreachable: ' + h.error)
        : [el('td', {}, h.role + (h.waitingForData ? ', waiting for withheld data' : '')), cell(h.unsafe.number, 'l2-node-unsafe'), cell(h.safe.number, 'l2-node-safe'),
           cell(h.finalized.number, 'l2-node-finalized'), cell((h.mismatches ?? []).length, 'l2-node-mismatches')]))))));
}

/** The L2 heads of a sequencer or verifier node, or of the L2 nodes this node names; other nodes say where to find them. */
function renderL2Head(head, remote) {
  const box = $('l2-heads');
  if (head.error && remote && !remote.error) { renderRemoteHeads(box, remote.result.heads); return; }
  if (head.error) {
    box.replaceChildren(el('p', { class: 'dim', 'data-testid': 'l2-not-here' }, head.error.code === METHOD_NOT_FOUND
      ? 'This node runs neither the sequencer nor the verifier role, so it shows no L2 heads; the devnet lists sequencer-0 and verifier-0 in endpoints.json, or run lamina l2 status.'
      : 'L2 heads: ' + head.error.message));
    return;
  }
  const h = head.result;
  box.replaceChildren(el('div', { class: 'cards' },
    [['Unsafe head (sequencer)', h.unsafe.number, 'l2-unsafe'], ['Safe head (derived from L1)', h.safe.number, 'l2-safe'], ['Finalized head', h.finalized.number, 'l2-finalized'],
     ['This node', h.role + (h.waitingForData ? ', waiting for withheld data' : ''), 'l2-role'], ['Output-root mismatches', (h.mismatches ?? []).length, 'l2-mismatches']]
      .map(([label, value, testid]) => el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value', 'data-testid': testid }, value)))));
}

setInterval(refreshRollups, 2000);
refreshRollups();
