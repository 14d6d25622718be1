// The data-availability panel: this node's PeerDAS custody, the blob fee market, the squares of recent blocks with
// the columns held here, and, on a light node, its latest sampling verdicts. A node without the da role says so.
'use strict';

const da = { squares: new Map(), busy: false, role: null };

/** 1 − (1 − (k+1)²/(2k)²)^s: the chance that s verified samples would have hit a withheld cell of an unrecoverable square. */
const confidence = (k, samples) => 1 - Math.pow(1 - ((k + 1) * (k + 1)) / (4 * k * k), samples);
const percent = c => (c * 100).toFixed(4) + ' %';

function showDaError(e) { $('da-error').textContent = e ? explain(e) : ''; $('da-error').hidden = !e; }

function setDaStatus(text, cls) { $('da-status').textContent = text; $('da-status').className = cls; }

/** A strip of one cell per column of the extended square, the held ones lit. */
function columnStrip(width, held) {
  const set = new Set(held);
  return el('div', { class: 'strip' }, Array.from({ length: width }, (_, c) => el('div', { class: set.has(c) ? 'cell held' : 'cell', title: 'column ' + c })));
}

async function refreshDa() {
  if (da.busy) return;
  da.busy = true;
  try {
    const [head, fee, custody, light, blobBlocks, remoteLight] = await rpcBatch([['l1_head'], ['da_blobFee'], ['da_custody', [null, 128]], ['light_status'],
      ['explorer_blobBlocks', [KEEP]], ['explorer_lightStatus']]);
    const isDa = !custody.error, isLight = !light.error;
    if (!isDa && custody.error.code !== METHOD_NOT_FOUND) throw new RpcError(custody.error.message, custody.error.code);
    $('da-custody-block').hidden = !isDa;
    const hasBlocks = !blobBlocks.error;
    $('da-not-da').hidden = isDa || isLight;
    setDaStatus(isDa ? 'DA node' : isLight ? 'light node' : hasBlocks ? 'blobs on L1' : 'not served here', isDa || isLight || hasBlocks ? 'ok' : 'dim');
    if (!fee.error) {
      const f = fee.result;
      $('da-base-fee').textContent = amount(f.nextBaseFeePerBlobGas);
      $('da-used').textContent = amount(f.blobGasUsed) + ' B';
      $('da-excess').textContent = amount(f.excessBlobGas);
      $('da-limits').textContent = amount(f.targetBlobGasPerBlock) + ' / ' + amount(f.maxBlobGasPerBlock) + ' B';
      $('da-retention').textContent = amount(f.retentionBlocks) + ' blocks';
    }
    if (isDa) {
      const c = custody.result;
      $('da-node-id').textContent = c.nodeId;
      $('da-groups').textContent = c.groups.length;
      $('da-share').textContent = (100 * c.columns.length / c.width).toFixed(1) + ' %';
      await refreshSquares(unwrap(head).height);
    }
    $('da-light-block').hidden = !isLight;
    if (isLight) renderLight(light.result);
    // This node's own light role, else the light node it names (explorerLightRpc), else no sampling to show.
    const sampler = isLight ? light.result : remoteLight.result ?? null;
    $('da-blocks-block').hidden = !hasBlocks;
    if (hasBlocks) renderBlobBlocks(blobBlocks.result, sampler, isLight ? 'this node' : remoteLight.result?.source, remoteLight.error);
    showDaError(null);
  } catch (e) {
    showDaError(e);
  } finally {
    da.busy = false;
  }
}

/** Fetches the squares of heights not yet seen (a height still being stored is asked again next time). */
async function refreshSquares(top) {
  const wanted = [];
  for (let h = top; h >= 1 && h > top - 40; h--) if (!da.squares.has(h)) wanted.push(h);
  if (wanted.length > 0) {
    const answers = await rpcBatch(wanted.map(h => ['da_square', [h]]));
    answers.forEach((a, i) => {
      if (a.result) da.squares.set(wanted[i], a.result);
      else if (a.error?.data?.reason !== 'notYetStored') da.squares.set(wanted[i], null);
    });
  }
  for (const h of [...da.squares.keys()]) if (h <= top - 200) da.squares.delete(h);
  const rows = [...da.squares.entries()].filter(([, s]) => s).sort((a, b) => b[0] - a[0]).slice(0, KEEP);
  $('da-squares').replaceChildren(...rows.map(([h, s]) => el('tr', { 'data-testid': 'square-row', 'data-height': h },
    el('td', {}, link(String(h), h)),
    el('td', { class: 'num', 'data-testid': 'square-k' }, s.k),
    el('td', { class: 'num' }, s.width),
    el('td', {}, el('span', { 'data-testid': 'square-held' }, s.heldColumns.length + ' / ' + s.width), columnStrip(s.width, s.heldColumns)),
    el('td', { class: 'num' }, percent(confidence(s.k, 16))),
    el('td', {}, el('code', { title: s.dataRoot }, short(s.dataRoot))))));
  $('da-squares-note').textContent = rows.length === 0 ? 'No block with blobs in the last 40 heights. Post one: lamina da post --namespace 0x0a --file F.' : '';
}

/** Per block with blobs: its data root, blobs and bytes, blob base fee, and the light node's verdict on it. */
function renderBlobBlocks(answer, sampler, source, samplerError) {
  const verdicts = new Map((sampler?.reports ?? []).map(r => [r.height, r]));
  $('da-sampler').textContent = sampler ? 'light node ' + source + ', trusted L1 height ' + (sampler.trustedHeight ?? '…')
    : samplerError?.data?.reason === 'noLightNode' ? 'no light node named by this node' : 'the light node did not answer';
  $('da-blocks').replaceChildren(...answer.blocks.map(b => {
    const r = verdicts.get(b.height);
    const verdict = !r ? (sampler && sampler.trustedHeight >= b.height ? 'not in the latest reports' : 'not sampled yet')
      : r.badlyEncoded ? 'badly encoded' : r.available ? 'available, ' + percent(r.confidence) + ' (' + r.verified + '/' + r.samples + ')' : 'UNAVAILABLE (' + r.verified + '/' + r.samples + ')';
    return el('tr', { 'data-testid': 'da-block-row', 'data-height': b.height },
      el('td', {}, link(String(b.height), b.height)),
      el('td', {}, el('code', { title: b.dataRoot, 'data-testid': 'da-block-root' }, short(b.dataRoot))),
      el('td', { class: 'num', 'data-testid': 'da-block-blobs' }, b.blobs),
      el('td', { class: 'num', 'data-testid': 'da-block-bytes' }, amount(b.blobBytes)),
      el('td', { class: 'num', 'data-testid': 'da-block-fee' }, b.blobBaseFee === null ? '—' : amount(b.blobBaseFee)),
      el('td', { class: r ? (r.available && !r.badlyEncoded ? 'ok' : 'bad') : 'dim', 'data-testid': 'da-block-sampling' }, verdict));
  }));
  $('da-blocks-note').textContent = answer.blocks.length === 0 ? 'No block with blobs in the last ' + (answer.height - answer.scannedFrom + 1) + ' heights. Post one: lamina da post --namespace 0x0a --file F.' : '';
}

function renderLight(status) {
  $('da-light-trusted').textContent = status.trustedHeight ?? '…';
  const reports = [...status.reports].sort((a, b) => b.height - a.height).slice(0, KEEP);
  $('da-light').replaceChildren(...reports.map(r => el('tr', { 'data-testid': 'light-row', 'data-height': r.height },
    el('td', {}, link(String(r.height), r.height)),
    el('td', { class: r.available ? 'ok' : 'bad', 'data-testid': 'light-verdict' }, r.badlyEncoded ? 'badly encoded' : r.available ? 'available' : 'unavailable'),
    el('td', { class: 'num' }, r.verified + ' / ' + r.samples),
    el('td', { class: 'num', 'data-testid': 'light-confidence' }, percent(r.confidence)),
    el('td', { class: 'num' }, r.elapsedMs + ' ms'))));
}

setInterval(refreshDa, 2000);
refreshDa();
