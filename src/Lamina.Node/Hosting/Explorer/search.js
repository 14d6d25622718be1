// The search box: a block height or hash, a transaction hash or an address, answered from the l1_* methods.
'use strict';

// ---- Search ---------------------------------------------------------------------------------------------------------

function kv(rows) {
  return el('table', { class: 'kv' }, rows.filter(r => r).map(([k, v, testid]) => el('tr', {}, el('th', {}, k), el('td', { 'data-testid': testid }, v ?? '–'))));
}
function showResult(title, testid, ...content) {
  $('search-error').hidden = true;
  const close = el('button', { type: 'button', class: 'close', 'data-testid': 'result-close', 'aria-label': 'close' }, 'close');
  close.onclick = () => { st.query = null; $('search-result').hidden = true; history.replaceState(null, '', location.pathname); };
  $('search-result').replaceChildren(close, el('h2', { 'data-testid': 'result-title' }, title), el('div', { 'data-testid': testid }, content));
  $('search-result').hidden = false;
}
function showSearchError(text) {
  $('search-result').hidden = true;
  $('search-error').textContent = text;
  $('search-error').hidden = false;
}

function showBlock(b) {
  const txs = b.transactions || [];
  showResult('Block ' + b.height, 'block-view',
    kv([['height', b.height, 'block-height'], ['hash', b.hash, 'block-hash'],
      ['previous block', b.height > 0 ? link(b.previousHash) : 'none (genesis)'],
      ['time', fullTime(b.time)], ['proposer', b.height === 0 ? 'none (genesis)' : link(b.proposer)], ['transactions', txs.length, 'block-tx-count'],
      ['gas used', amount(b.gasUsed)], ['base fee per gas', amount(b.baseFeePerGas)], ['state root', b.stateRoot],
      ['transactions root', b.txRoot], ['validator set', b.validatorSetHash],
      ['last commit', b.lastCommit ? b.lastCommit.signatures.length + ' signature' + (b.lastCommit.signatures.length === 1 ? '' : 's') + ' for block ' + b.lastCommit.height : 'none']]),
    el('h3', {}, 'Transactions'),
    txs.length === 0 ? el('p', { class: 'dim' }, 'This block has no transactions.') :
      el('div', { class: 'scroll' }, el('table', { 'data-testid': 'block-txs' },
        el('thead', {}, el('tr', {}, ['hash', 'kind', 'from', 'to', 'amount', 'nonce'].map(h => el('th', {}, h)))),
        el('tbody', {}, txs.map(t => el('tr', { 'data-testid': 'block-tx' },
          el('td', {}, link(t.hash, short(t.hash))), el('td', {}, t.kind), el('td', {}, link(t.from, short(t.from))),
          el('td', {}, t.to ? link(t.to, short(t.to)) : '–'), el('td', { class: 'num' }, t.amount ? amount(t.amount) : '–'),
          el('td', { class: 'num' }, t.nonce)))))));
}

function showTransaction(t) {
  const included = t.status === 'included';
  const r = t.receipt;
  showResult('Transaction', 'tx-view',
    kv([['hash', t.hash, 'tx-hash'],
      ['status', included ? (t.finalized ? 'included, final' : 'included') : 'pending in the mempool (not in a block yet)', 'tx-status'],
      included && ['block', link(String(t.blockHeight), t.blockHeight + ' (' + short(t.blockHash) + ')'), 'tx-block'],
      included && ['index in block', t.index],
      t.kind && ['kind', t.kind], t.from && ['from', link(t.from), 'tx-from'], t.to && ['to', link(t.to), 'tx-to'],
      t.amount && ['amount', amount(t.amount), 'tx-amount'], t.nonce !== undefined && ['nonce', t.nonce],
      t.gasLimit && ['gas limit', amount(t.gasLimit)], t.maxFeePerGas && ['max fee / tip per gas', amount(t.maxFeePerGas) + ' / ' + amount(t.maxPriorityFeePerGas)],
      t.size && ['size', t.size + ' B']]),
    r ? [el('h3', {}, 'Receipt'), el('div', { 'data-testid': 'tx-receipt' }, kv([['status', r.status, 'receipt-status'], ['gas used', amount(r.gasUsed), 'receipt-gas'],
      ['effective gas price', amount(r.effectiveGasPrice)], ['burned', amount(r.burned)], ['tip to proposer', amount(r.tip)]]))] : null);
  // A pending transaction is looked up again until a block includes it.
  if (!included) { const q = st.query; setTimeout(() => { if (st.query === q) search(q); }, 1000); }
}

function showAccount(a, validator) {
  showResult('Account', 'account-view',
    kv([['address', a.address, 'account-address'], ['balance', el('span', { 'data-value': a.balance }, amount(a.balance)), 'account-balance'],
      ['nonce', a.nonce, 'account-nonce'], ['next nonce (with pending)', a.pendingNonce], ['as of height', link(String(a.height), a.height)]]),
    validator ? [el('h3', {}, 'Validator'), kv([['stake', amount(validator.stake)],
      ['status', validator.jailed ? 'jailed until height ' + validator.jailedUntil : validator.active ? 'active' : 'not in the active set'],
      ['times slashed', validator.timesSlashed],
      ['unbonding', validator.unbonding.length ? validator.unbonding.map(u => amount(u.amount) + ' at height ' + u.releaseHeight).join(', ') : 'nothing']])] : null);
}

/** Looks the query up, then shows the answer only if it is still the latest query (a slow answer never replaces a newer one). */
async function search(text) {
  const q = text.trim();
  st.query = q;
  const show = (fn, ...args) => { if (st.query === q) fn(...args); };
  if (!q) return show(showSearchError, 'Type a block height, a block hash, a transaction hash or an address to search.');
  const hex = q.toLowerCase().replace(/^0x/, '');
  try {
    if (/^\d+$/.test(q)) {
      const [block] = await rpcBatch([['l1_getBlock', [q, true]]]);
      if (block.error?.code === NOT_FOUND) show(showSearchError, 'There is no block at height ' + q + (st.head ? ' yet: the head is at height ' + st.head.height + '.' : '.'));
      else show(showBlock, unwrap(block));
    } else if (/^[0-9a-f]{64}$/.test(hex)) {
      const hash = '0x' + hex;
      const [tx, block] = await rpcBatch([['l1_getTransaction', [hash]], ['l1_getBlock', [hash, true]]]);
      if (unwrap(tx)) show(showTransaction, tx.result);
      else if (block.error?.code === NOT_FOUND) show(showSearchError, 'No transaction and no block has the hash ' + hash + ' on this node.');
      else show(showBlock, unwrap(block));
    } else if (/^[0-9a-f]{40}$/.test(hex)) {
      const [account, validator] = (await rpcBatch([['l1_getAccount', ['0x' + hex]], ['l1_getValidator', ['0x' + hex]]])).map(unwrap);
      show(showAccount, account, validator);
    } else {
      show(showSearchError, '“' + (q.length > 80 ? q.slice(0, 80) + '…' : q) + '” is not a block height, a block hash, a transaction hash or an address. '
        + 'Heights are whole numbers; hashes are 64 hex digits and addresses 40, each with or without 0x.');
    }
  } catch (e) {
    show(showSearchError, explain(e));
  }
}

// The query lives in the URL fragment, so every result has a link and the back button works.
$('search-form').addEventListener('submit', e => {
  e.preventDefault();
  const query = $('search-input').value.trim();
  // An empty query is answered in place: an empty fragment would not fire hashchange.
  if (!query || location.hash === '#' + encodeURIComponent(query)) search(query);
  else location.hash = '#' + encodeURIComponent(query);
});
const fromFragment = () => { try { return decodeURIComponent(location.hash.slice(1)); } catch { return location.hash.slice(1); } };
function searchFragment() {
  // A layer's section link (#l1-section, #da-section) is navigation, not a query.
  if (location.hash.length <= 1 || /^#[a-z0-9]+-section$/.test(location.hash)) return;
  $('search-input').value = fromFragment();
  search(fromFragment());
}
window.addEventListener('hashchange', searchFragment);

searchFragment();
