// The disputes panel: every dispute game against an optimistic rollup's output roots, as it is played on L1
// (rollup_getDisputes, rollup_getGame): each bisection move, both chess clocks, the one-step verdict L1 computed, and
// the bonds each party locked and was paid. Open games are read again every refresh; a resolved game never changes.
'use strict';

const dg = { busy: false, resolved: new Map(), shown: 3 };

function showDisputeError(e) { $('dispute-error').textContent = e ? explain(e) : ''; $('dispute-error').hidden = !e; }

const OUTCOME = { open: 'open', defenderWins: 'output stands (defender wins)', challengerWins: 'output removed (challenger wins)' };
const outcomeClass = s => s === 'open' ? 'warn' : s === 'defenderWins' ? 'ok' : 'bad';

async function refreshDisputes() {
  if (dg.busy) return;
  dg.busy = true;
  try {
    const list = (await rpcBatch([['rollup_list']]))[0];
    if (list.error) {
      if (list.error.code !== NOT_FOUND && list.error.code !== METHOD_NOT_FOUND) throw new RpcError(list.error.message, list.error.code);
      $('dispute-status').textContent = 'none on this chain'; $('dispute-status').className = 'dim';
      $('disputes').replaceChildren(el('p', { class: 'dim' }, 'This chain runs no rollups module, so no output root can be disputed.'));
      showDisputeError(null);
      return;
    }
    const rollups = list.result.rollups;
    const answers = rollups.length === 0 ? [] : await rpcBatch(rollups.map(r => ['rollup_getDisputes', [r.rollupId]]));
    const panels = [];
    let open = 0, total = 0;
    for (let i = 0; i < rollups.length; i++) {
      const games = unwrap(answers[i]).games;
      total += games.length; open += games.filter(g => g.status === 'open').length;
      if (games.length > 0) panels.push(await disputesOf(rollups[i].rollupId, games));
    }
    $('dispute-status').textContent = total === 0 ? 'no games' : open + ' open, ' + (total - open) + ' resolved';
    $('dispute-status').className = open > 0 ? 'warn' : 'ok';
    $('disputes').replaceChildren(...(panels.length ? panels : [el('p', { class: 'dim', 'data-testid': 'dispute-none' },
      'No output root has been disputed. A challenger that derives another root than the one posted opens a game here; lamina l2 disputes follows one in a terminal.')]));
    showDisputeError(null);
  } catch (e) {
    showDisputeError(e);
  } finally {
    dg.busy = false;
  }
}

/** The newest games of one rollup in full (open ones read again, resolved ones from the cache), older ones as one line each. */
async function disputesOf(rollupId, games) {
  const newest = [...games].reverse();
  const full = newest.slice(0, dg.shown), older = newest.slice(dg.shown);
  const wanted = full.filter(g => !dg.resolved.has(rollupId + '/' + g.outputIndex));
  // Once every shown game is resolved and cached there is nothing to ask: an empty JSON-RPC batch is refused, which
  // failed every later refresh and froze the status line on what it last said.
  const answers = wanted.length === 0 ? [] : await rpcBatch(wanted.map(g => ['rollup_getGame', [rollupId, g.outputIndex]]));
  wanted.forEach((g, i) => {
    const game = unwrap(answers[i]);
    if (game.status !== 'open') dg.resolved.set(rollupId + '/' + g.outputIndex, game);
    g.full = game;
  });
  return el('div', { 'data-testid': 'dispute-rollup', 'data-rollup-id': rollupId },
    full.map(g => gamePanel(rollupId, g.full ?? dg.resolved.get(rollupId + '/' + g.outputIndex))),
    older.length ? el('p', { class: 'dim' }, 'Older games: ', older.map(g => 'output ' + g.outputIndex + ' (' + (OUTCOME[g.status] ?? g.status) + ')').join(', ')) : null);
}

function card(label, value, testid, cls) {
  return el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value' + (cls ? ' ' + cls : ''), 'data-testid': testid }, value));
}

/** One side's chess clock: time used of the allowance, and whether it is the side that has to move now. */
function clockCard(side, used, clocks) {
  const running = clocks.running === side;
  return el('div', { class: 'card' }, el('div', { class: 'label' }, side + "'s clock" + (running ? ' (running)' : '')),
    el('div', { class: 'value small' + (running ? ' warn' : ''), 'data-testid': 'clock-' + side }, seconds(used) + ' of ' + seconds(clocks.maxClockMs)),
    el('div', { class: 'bar' }, el('div', { class: 'fill', style: 'width:' + Math.min(100, Math.round(100 * used / clocks.maxClockMs)) + '%' })));
}

/** Where L1 took a descended block's list from: the batch blob it derived it from, or the block derivation builds itself. */
function listSource(d) {
  if (!d) return 'opened by the side that descended';
  const from = d.auto ? 'built by derivation at L1 height ' + d.l1Height : 'derived from batch ' + d.batch + ', blob ' + d.blobPosition + ' (L1 height ' + d.l1Height + ')';
  return from + ': ' + d.candidates + ' candidates, ' + d.applied + ' applied';
}

function gamePanel(rollupId, g) {
  const steps = g.moveLog.filter(m => m.step);
  const table = (testid, heads, rows) => el('div', { class: 'scroll tall' }, el('table', { 'data-testid': testid },
    el('thead', {}, el('tr', {}, heads.map(h => el('th', {}, h)))), el('tbody', {}, rows)));
  return el('div', { class: 'panel', 'data-testid': 'dispute-game', 'data-output': g.outputIndex, 'data-rollup-id': rollupId },
    el('h3', {}, 'Rollup ' + rollupId + ', output ' + g.outputIndex + ' (L2 block ' + g.l2BlockNumber + ') ',
      el('span', { class: 'dim mono' }, 'disputed root ' + short(g.disputedRoot) + ', proposer ' + short(g.proposer))),
    el('div', { class: 'cards' },
      card('Game', OUTCOME[g.status] ?? g.status, 'game-status', outcomeClass(g.status) + ' small'),
      card('Moves on L1', g.moves, 'game-moves'),
      clockCard('defender', g.clocks.defenderMs, g.clocks),
      clockCard('challenger', g.clocks.challengerMs, g.clocks),
      card('Extension near the end', seconds(g.config.extensionMs), null),
      card('Resolves at the latest', seconds(g.resolutionBoundMs) + ' after it opened', null),
      card('Block lists', g.derivedLists ? 'derived on L1' : 'opened by the sides', 'game-lists', 'small')),
    el('h3', {}, 'Descents into one block'),
    g.descents.length === 0
      ? el('p', { class: 'dim', 'data-testid': 'descent-none' }, 'No side has descended into a single L2 block yet.')
      : table('descents-table', ['L2 block', 'claim', 'transactions', 'list'], g.descents.map(d =>
          el('tr', { 'data-testid': 'descent-row' }, el('td', { class: 'num' }, d.preL2Block + 1), el('td', {}, '#' + d.rootClaim),
            el('td', { class: 'num' }, d.txCount), el('td', { 'data-testid': 'descent-list' }, listSource(d.derivedFrom))))),
    el('h3', {}, 'One-step verdict'),
    steps.length === 0
      ? el('p', { class: 'dim', 'data-testid': 'step-none' }, g.status === 'open' ? 'No one-step proof yet: the bisection has not reached a single transaction.' : 'The game ended without a one-step proof (a side ran out of time first).')
      : steps.map(m => el('p', { 'data-testid': 'step-verdict' }, el('b', { class: 'bad' }, m.step.verdict), ' — move ' + m.index + ' by ', link(m.mover, short(m.mover)),
          ': from pre-state ', el('code', { title: m.step.preStateRoot }, short(m.step.preStateRoot)), ' L1 computed post-state ',
          el('code', { title: m.step.l1PostStateRoot, 'data-testid': 'step-post' }, short(m.step.l1PostStateRoot)), ', not what claim ' + m.step.counteredClaim + ' said.')),
    el('h3', {}, 'Bonds'),
    table('bonds-table', ['party', 'locked in claims', 'paid by the game'], g.bonds.map(b =>
      el('tr', { 'data-testid': 'bond-row', 'data-address': b.address }, el('td', {}, link(b.address, short(b.address))),
        el('td', { class: 'num', 'data-testid': 'bond-locked' }, amount(b.locked)),
        el('td', { class: 'num', 'data-testid': 'bond-paid' }, b.paid === null ? 'game open' : amount(b.paid))))),
    el('h3', {}, 'Moves, newest first'),
    table('moves-table', ['#', 'L1 time', 'side', 'move', 'claim', 'level', 'depth', 'L2 block', 'mover', 'bond'], [...g.moveLog].reverse().map(m =>
      el('tr', { 'data-testid': 'move-row', 'data-index': m.index }, el('td', {}, m.index), el('td', {}, clock(m.timeMs)),
        el('td', { class: m.side === 'defender' ? 'ok' : m.side === 'challenger' ? 'accent' : 'dim' }, m.side ?? '–'),
        el('td', { 'data-testid': 'move-kind' }, m.kind + (m.claim === null ? ' #' + m.parentClaim : ' on #' + m.parentClaim)),
        el('td', {}, m.claim ?? '–'), el('td', {}, m.level), el('td', { class: 'num' }, m.depth), el('td', { class: 'num' }, m.l2BlockNumber ?? '–'),
        el('td', {}, link(m.mover, short(m.mover))), el('td', { class: 'num' }, amount(m.bond))))));
}

setInterval(refreshDisputes, 2000);
refreshDisputes();
