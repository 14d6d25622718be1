// The L1 panel: live head, fees, mempool, recent blocks and validators; heads arrive over /ws.
'use strict';

function showL1Error(e) { $('l1-error').textContent = e ? explain(e) : ''; $('l1-error').hidden = !e; }

// ---- Live L1 state -------------------------------------------------------------------------------------------------

function summary(b) {
  return { height: b.height, hash: b.hash, proposer: b.proposer, txs: b.transactionCount ?? b.transactions?.length ?? 0, gasUsed: b.gasUsed, baseFee: b.baseFeePerGas, time: b.time };
}

/** Takes a head from the WebSocket (with proposer and tx count) or from l1_head (with the finalized height). */
function onHead(h) {
  const known = st.blocks.get(h.height);
  // Another hash at a height we know means another chain (a wiped devnet): start over.
  if (known && known.hash !== h.hash) { st.blocks.clear(); st.head = null; }
  if (!st.head || h.height > st.head.height) {
    st.head = { height: h.height, hash: h.hash, time: h.time, finalizedHeight: h.finalizedHeight ?? st.head?.finalizedHeight };
  } else if (h.finalizedHeight !== undefined) {
    // An l1_head answer that is older than the latest WebSocket head still says what is final.
    st.head.finalizedHeight = Math.max(st.head.finalizedHeight ?? 0, h.finalizedHeight);
  }
  if (h.proposer) st.blocks.set(h.height, { ...summary(h), fresh: true });
  scheduleRender();
  fillBlocks();
  if (h.proposer) refreshStats();
}

/** Fetches any of the latest KEEP blocks not yet known (at load, after a reconnect, or when heads were missed). */
async function fillBlocks() {
  if (st.filling) { st.fillAgain = true; return; }
  st.filling = true;
  try {
    do {
      st.fillAgain = false;
      if (!st.head) break;
      const top = st.head.height, wanted = [];
      for (let h = top; h >= 0 && h > top - KEEP; h--) if (!st.blocks.has(h)) wanted.push(h);
      if (wanted.length === 0) break;
      const answers = await rpcBatch(wanted.map(h => ['l1_getBlock', [h]]));
      answers.forEach(a => { if (a.result) st.blocks.set(a.result.height, summary(a.result)); });
      scheduleRender();
    } while (st.fillAgain);
  } catch (e) {
    showL1Error(e);
  } finally {
    st.filling = false;
  }
}

/** Head, fees and mempool in one batch; calls made while one is in flight coalesce into one more, so it never lags far. */
async function refreshStats() {
  if (st.statsBusy) { st.statsAgain = true; return; }
  st.statsBusy = true;
  try {
    do {
      st.statsAgain = false;
      st.statsAt = Date.now();
      const [chain, head, fee, mempool] = (await rpcBatch([['l1_chainId'], ['l1_head'], ['l1_feeInfo'], ['l1_mempool']])).map(unwrap);
      $('chain-id').textContent = chain;
      onHead(head);
      $('base-fee').textContent = amount(fee.baseFeePerGas);
      const cost = (BigInt(fee.baseFeePerGas) + BigInt(fee.minTipPerGas)) * BigInt(fee.transferGas);
      $('transfer-cost').textContent = amount(cost);
      $('fee-detail').textContent = '(base fee + minimum tip ' + fee.minTipPerGas + ') × ' + amount(fee.transferGas) + ' gas';
      $('mempool').textContent = mempool.count + ' tx' + (mempool.count === 1 ? '' : 's') + ', ' + amount(mempool.bytes) + ' B';
      showL1Error(null);
    } while (st.statsAgain);
  } catch (e) {
    showL1Error(e);
  } finally {
    st.statsBusy = false;
  }
}

async function refreshValidators() {
  try {
    const all = await rpc('l1_allValidators');
    const rows = [...all.validators].sort((a, b) => (b.power - a.power) || (BigInt(b.stake) > BigInt(a.stake) ? 1 : BigInt(b.stake) < BigInt(a.stake) ? -1 : 0));
    $('validators').replaceChildren(...rows.map(v => el('tr', { 'data-testid': 'validator-row', 'data-address': v.address },
      el('td', {}, link(v.address)),
      el('td', { 'data-testid': 'validator-status', class: v.jailed ? 'bad' : v.active ? 'ok' : 'dim' },
        v.jailed ? 'jailed until ' + v.jailedUntil : v.active ? 'active' : 'inactive'),
      el('td', { class: 'num', 'data-testid': 'validator-power' }, amount(v.power)),
      el('td', { class: 'num' }, all.totalPower ? (100 * v.power / all.totalPower).toFixed(1) + ' %' : '–'),
      el('td', { class: 'num' }, amount(v.stake)),
      el('td', { class: 'num' }, v.timesSlashed))));
    const active = rows.filter(v => v.active).length;
    $('validators-note').textContent = active + ' of ' + rows.length + ' staked operator' + (rows.length === 1 ? '' : 's')
      + ' in the active set, total voting power ' + amount(all.totalPower) + '. A jailed validator leaves the set at once; stake changes apply at epoch boundaries.';
  } catch (e) {
    showL1Error(e);
  }
}

function scheduleRender() {
  if (st.renderQueued) return;
  st.renderQueued = true;
  setTimeout(render, 0);
}
function render() {
  st.renderQueued = false;
  const head = st.head;
  if (!head) return;
  $('head-height').textContent = head.height;
  $('head-hash').textContent = head.hash;
  $('head-finalized').textContent = head.finalizedHeight ?? '…';
  $('head-time').textContent = clock(head.time);
  $('head-time').title = fullTime(head.time);
  for (const h of [...st.blocks.keys()]) if (h <= head.height - KEEP || h > head.height) st.blocks.delete(h);
  const list = [...st.blocks.values()].sort((a, b) => b.height - a.height);
  $('blocks').replaceChildren(...list.map(b => {
    const row = el('tr', { 'data-testid': 'block-row', 'data-height': b.height, class: b.fresh ? 'fresh' : null },
      el('td', {}, link(String(b.height), b.height)),
      el('td', {}, link(b.hash, short(b.hash))),
      el('td', {}, b.height === 0 ? 'genesis' : link(b.proposer, short(b.proposer))),
      el('td', { class: 'num' }, b.txs),
      el('td', { class: 'num' }, amount(b.gasUsed)),
      el('td', { class: 'num' }, amount(b.baseFee)),
      el('td', { title: fullTime(b.time) }, clock(b.time)));
    b.fresh = false;
    return row;
  }));
  const span = list.length > 1 ? (list[0].time - list[list.length - 1].time) / (list[0].height - list[list.length - 1].height) : null;
  $('block-interval').textContent = span === null ? '…' : seconds(span);
  tick();
}
/** "Since last block" counts up between heads, so a stalled chain is visible without any new message. */
function tick() {
  if (!st.head) return;
  const age = Math.max(0, Date.now() - st.head.time);
  $('head-age').textContent = seconds(age);
  $('head-age').className = 'value ' + (age > 30_000 ? 'bad' : age > 5_000 ? 'warn' : '');
}

function setConnection(text, cls) {
  for (const id of ['connection', 'l1-status']) { $(id).textContent = text; $(id).className = cls; }
  $('connection').classList.add('pill');
}

// Heads arrive over the WebSocket; while it is down the page polls, and it reconnects with backoff up to 8 s.
function connect() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  ws.onopen = () => {
    st.wsOpen = true;
    st.backoffMs = 500;
    // Heads were missed while disconnected, and the node may now serve another chain: rebuild from RPC.
    st.blocks.clear();
    st.head = null;
    setConnection('live', 'ok');
    refreshStats();
    refreshValidators();
  };
  ws.onmessage = e => {
    let message;
    try { message = JSON.parse(e.data); } catch { return; }
    if (message.method === 'l1_newHead' && message.params) onHead(message.params);
  };
  ws.onclose = () => {
    st.wsOpen = false;
    const wait = st.backoffMs;
    st.backoffMs = Math.min(st.backoffMs * 2, 8000);
    setConnection('reconnecting in ' + (wait / 1000).toFixed(1) + ' s', 'warn');
    setTimeout(connect, wait);
  };
}
setInterval(() => { if (!st.wsOpen) refreshStats(); else if (Date.now() - st.statsAt > 3000) refreshStats(); }, 1000);
setInterval(refreshValidators, 5000);
setInterval(tick, 250);

refreshStats();
refreshValidators();
connect();
