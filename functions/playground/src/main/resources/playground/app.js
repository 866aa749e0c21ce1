// The playground page: asks the API questions and shows their progress and answers. Everything
// the API returns (questions, summaries, cell values, errors) is untrusted text: it only ever
// reaches the page through textContent and DOM nodes, never as HTML.
import { expressionInterpreter } from './vega-interpreter-2.3.2.js';
import { highlightSql } from './sql-highlight.js';

const TOKEN_KEY = 'sqm.playground.token';
const PKCE_KEY = 'sqm.playground.pkce';
const WAIT_SECONDS = 20;
/** When a poll comes back with nothing new (a server that does not hold the request). */
const IDLE_BACKOFF_MS = 500;
const MAX_ERROR_BACKOFF_MS = 10000;
/** How long the page keeps retrying a lost connection before it asks the user. */
const GIVE_UP_AFTER_MS = 120000;
const STAGES = [
  ['RECEIVED', 'Received'],
  ['ANALYZING_INTENT', 'Understanding'],
  ['GENERATING_SQL', 'Writing SQL'],
  ['VALIDATING_SQL', 'Checking SQL'],
  ['EXECUTING_SQL', 'Running'],
  ['SUMMARIZING', 'Summarising'],
  ['VISUALIZING', 'Charting'],
];
const STATUS_WORDS = {
  PENDING: 'Waiting to be answered…',
  PROCESSING: 'Working on it…',
  COMPLETED: 'Answered.',
  FAILED: 'Could not answer.',
};

const $ = (selector) => document.querySelector(selector);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
};

const state = {
  token: null,
  sub: null,
  current: null, // the shown query (the API's QueryResponse)
  generation: 0, // bumps when another query is shown, ending the previous poll loop
  poll: null, // the AbortController of the current generation's requests
  asking: false, // a question's POST is in flight: both forms wait for it
  sort: { column: -1, descending: false },
  signIn: null, // the identity provider's hosted sign-in (config.json), if any
  chartView: null, // the vega view drawn in #chart, finalized when it is replaced
};

class ApiError extends Error {
  constructor(status, body, retryAfterMs = null) {
    const error = (body && body.error) || {};
    super(error.message || `The API answered ${status}.`);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
    this.code = error.code || null;
    this.field = error.field || null;
  }
}

// ---- signing in ---------------------------------------------------------------------------

function base64UrlDecode(text) {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
}

/** The token's subject; the page reads nothing else from it (the API verifies it). */
function subjectOf(token) {
  try {
    const payload = JSON.parse(base64UrlDecode(token.split('.')[1] || ''));
    return typeof payload.sub === 'string' && payload.sub ? payload.sub : null;
  } catch {
    return null;
  }
}

function useToken(token) {
  const sub = subjectOf(token);
  if (!sub) {
    showSignIn('That is not a usable access token (no subject).');
    return false;
  }
  state.token = token;
  state.sub = sub;
  sessionStorage.setItem(TOKEN_KEY, token);
  return true;
}

/**
 * Starts a new generation: ends the previous one's poll loop and aborts its request in flight (an
 * aborted request is not reported). Returns the new generation.
 */
function nextGeneration() {
  state.generation += 1;
  if (state.poll) state.poll.abort();
  state.poll = new AbortController();
  return state.generation;
}

/** Nothing of the previous user stays on the page: no query, no answer, no history. */
function clearPage() {
  nextGeneration();
  clearError();
  resetAnswer();
  $('#status').dataset.status = '';
  $('#status').dataset.queryId = '';
  $('#status').textContent = '';
  $('#history').replaceChildren();
}

function signOut(reason) {
  state.token = null;
  state.sub = null;
  sessionStorage.removeItem(TOKEN_KEY);
  clearPage();
  showSignIn(reason);
}

/** A token from the address bar's fragment (#token=..., the dev link), taken out of it at once. */
function tokenFromFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (token !== null) {
    history.replaceState(null, '', location.pathname + location.search);
  }
  return token;
}

async function loadConfig() {
  try {
    const response = await fetch('playground/config.json', { cache: 'no-store' });
    return response.ok ? await response.json() : { signIn: null };
  } catch {
    return { signIn: null };
  }
}

function randomText(bytes) {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function pkceChallenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function redirectUri() {
  return location.origin + location.pathname;
}

/** Authorization code with PKCE: to the identity provider's hosted sign-in, and back to this page. */
async function startSignIn(signIn) {
  const verifier = randomText(48);
  const stateValue = randomText(16);
  // What to ask once back (a shared ?q= link survives the sign-in).
  const params = new URLSearchParams(location.search);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({
    verifier, state: stateValue, q: params.get('q'), ds: params.get('ds'),
  }));
  const url = new URL(signIn.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: signIn.clientId,
    redirect_uri: redirectUri(),
    scope: signIn.scopes,
    state: stateValue,
    code_challenge_method: 'S256',
    code_challenge: await pkceChallenge(verifier),
  }).toString();
  location.assign(url.toString());
}

/** Back from the hosted sign-in with ?code=&state=: exchanges the code for the tokens. */
async function finishSignIn(signIn) {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const returnedState = params.get('state');
  const oauthError = params.get('error');
  if (!code && !oauthError) return null;
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  sessionStorage.removeItem(PKCE_KEY);
  const back = new URLSearchParams();
  if (pending && pending.q) back.set('q', pending.q);
  if (pending && pending.ds) back.set('ds', pending.ds);
  history.replaceState(null, '', location.pathname + (back.size ? `?${back}` : ''));
  // The state first: an answer this page did not ask for gets no say in what the page shows.
  if (!pending || pending.state !== returnedState) throw new Error('Sign-in did not come back as it left; try again.');
  if (oauthError) throw new Error(`Sign-in was refused: ${params.get('error_description') || oauthError}.`);
  const response = await fetch(signIn.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: signIn.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`Sign-in could not be completed (${response.status}).`);
  const tokens = await response.json();
  return tokens.access_token || tokens.id_token || null;
}

function showSignIn(reason) {
  // Hiding the focused control would drop keyboard focus on the body: take it to the sign-in.
  const focused = document.activeElement;
  const hadFocus = focused && ($('#app').contains(focused) || focused === $('#sign-out'));
  $('#app').hidden = true;
  $('#sign-out').hidden = true;
  $('#signin').hidden = false;
  $('#signin-reason').textContent = reason || '';
  $('#signin-reason').hidden = !reason;
  if (hadFocus) {
    const input = $('#token-input');
    if (!$('#signin-paste').hidden) input.focus();
    else $('#signin-title').focus();
  }
}

function showApp() {
  $('#signin').hidden = true;
  $('#app').hidden = false;
  $('#sign-out').hidden = false;
}

// ---- the API ------------------------------------------------------------------------------

async function api(method, path, body, signal) {
  const headers = { authorization: `Bearer ${state.token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  // Relative to the page, so the page and the API may sit under a base path (a custom domain's).
  const response = await fetch(new URL(path.slice(1), document.baseURI), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    signal,
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 401) {
    signOut('Your token was refused (expired or not valid here); sign in again.');
  }
  if (!response.ok) throw new ApiError(response.status, json, retryAfterMs(response.headers.get('retry-after')));
  return json;
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
function retryAfterMs(header) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

// ---- errors -------------------------------------------------------------------------------

function showError(message) {
  const box = $('#error');
  box.textContent = message;
  box.hidden = false;
}

function clearError() {
  $('#error').hidden = true;
  $('#error').textContent = '';
}

/** The error with a Retry button (the box's only control; the box is emptied with the error). */
function showErrorWithRetry(message, retry) {
  showError(message);
  const button = el('button', { type: 'button', id: 'retry', text: 'Retry' });
  button.addEventListener('click', () => {
    clearError();
    retry();
  });
  $('#error').append(' ', button);
}

function describe(error) {
  if (error instanceof ApiError) {
    return error.field ? `${error.message} (${error.field})` : error.message;
  }
  return `The API could not be reached: ${error.message}`;
}

// ---- data sources and history -------------------------------------------------------------

async function loadDataSources(preferred) {
  const select = $('#datasource');
  const body = await api('GET', '/datasources');
  const sources = (body && body.dataSources) || [];
  select.replaceChildren(
    ...sources.map((ds) => el('option', { value: ds.id, text: ds.name ? `${ds.name} (${ds.id})` : ds.id })),
  );
  if (preferred && sources.some((ds) => ds.id === preferred)) select.value = preferred;
  select.disabled = sources.length === 0;
  if (sources.length === 0) {
    select.append(el('option', { value: '', text: 'No data source is shared with you' }));
  }
}

async function loadHistory() {
  const body = await api('GET', `/users/${encodeURIComponent(state.sub)}/queries?limit=20`);
  const items = (body && body.items) || [];
  $('#history').replaceChildren(...items.map((item) => {
    const button = el('button', { type: 'button' },
      el('span', { class: 'q', text: item.question || '' }),
      el('span', { class: 's', text: `${(item.status || '').toLowerCase()} · ${when(item.createdAt)}` }));
    const li = el('li', { 'data-query-id': item.id }, button);
    if (state.current && state.current.id === item.id) li.setAttribute('aria-current', 'true');
    return li;
  }));
  if (items.length === 0) {
    $('#history').append(el('li', { class: 'muted', text: 'Nothing asked yet.' }));
  }
}

function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

function markCurrentInHistory() {
  for (const li of document.querySelectorAll('#history li[data-query-id]')) {
    if (state.current && li.dataset.queryId === state.current.id) li.setAttribute('aria-current', 'true');
    else li.removeAttribute('aria-current');
  }
}

// ---- asking and following a query ---------------------------------------------------------

function setAsking(asking) {
  state.asking = asking;
  $('#ask').disabled = asking;
  $('#follow-up-ask').disabled = asking || !state.current || state.current.status !== 'COMPLETED';
}

/**
 * Asks a question and shows it. Only one POST at a time; and if another query was shown meanwhile
 * (history, sign-out), the answer to this one stays in the history and is not shown.
 */
async function ask(question, dataSourceId, parentQueryId) {
  if (state.asking) return;
  const generation = nextGeneration();
  const shown = state.current;
  clearError();
  const body = { question };
  if (dataSourceId) body.dataSourceId = dataSourceId;
  if (parentQueryId) body.parentQueryId = parentQueryId;
  setAsking(true);
  try {
    let accepted;
    try {
      // Not aborted with the generation: once sent, the question is kept (it shows in the history).
      accepted = await api('POST', '/queries', body);
    } catch (error) {
      if (generation !== state.generation) return;
      showError(describe(error));
      // Refused: the query shown before goes on being followed.
      if (shown && !isTerminal(shown) && state.token) follow(shown, nextGeneration());
      return;
    }
    if (state.token) loadHistory().catch(() => {});
    if (generation !== state.generation) return;
    setAsking(false);
    await show(accepted.id);
  } finally {
    setAsking(false);
  }
}

/** Shows the query {@code id} and follows it until it is answered or failed. */
async function show(id) {
  const generation = nextGeneration();
  const { signal } = state.poll;
  clearError();
  resetAnswer();
  let query;
  try {
    query = await api('GET', `/queries/${encodeURIComponent(id)}`, undefined, signal);
  } catch (error) {
    if (generation === state.generation) showError(describe(error));
    return;
  }
  if (generation !== state.generation) return;
  render(query);
  follow(query, generation);
}

/**
 * Long-polls GET /queries/{id}?wait=20&status=…&stage=… until the query finishes. The server holds
 * the request until the status or stage differs from the ones given; one that ignores wait answers
 * at once, so an answer with nothing new waits a moment before asking again, and failures back off.
 */
async function follow(query, generation) {
  const { signal } = state.poll;
  let last = fingerprint(query);
  let errorBackoff = 1000;
  let troubleSince = null; // when the connection was lost (network error, 5xx, 429), if it is
  while (generation === state.generation && !isTerminal(state.current)) {
    try {
      // The status and stage shown: the server answers as soon as either differs from them.
      const seen = new URLSearchParams({ wait: WAIT_SECONDS });
      if (state.current.status) seen.set('status', state.current.status);
      if (state.current.stage) seen.set('stage', state.current.stage);
      const next = await api('GET', `/queries/${encodeURIComponent(query.id)}?${seen}`, undefined, signal);
      if (generation !== state.generation) return;
      errorBackoff = 1000;
      troubleSince = null;
      const changed = fingerprint(next) !== last;
      last = fingerprint(next);
      render(next);
      if (isTerminal(next)) {
        loadHistory().catch(() => {});
        return;
      }
      if (!changed) await sleep(IDLE_BACKOFF_MS, signal);
    } catch (error) {
      if (generation !== state.generation || !state.token) return;
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) {
        showError(describe(error));
        return;
      }
      troubleSince = troubleSince || Date.now();
      if (Date.now() - troubleSince > GIVE_UP_AFTER_MS) {
        showErrorWithRetry(
          'The connection to the API has been lost for two minutes; the question is still being answered.',
          () => { if (state.current) follow(state.current, nextGeneration()); });
        return;
      }
      // The status words only: data-status stays the API's last word.
      const busy = error instanceof ApiError && error.status === 429;
      $('#status').textContent = busy ? 'The API is busy, retrying…' : 'Connection lost, retrying…';
      const told = error instanceof ApiError ? error.retryAfterMs : null;
      await sleep(told === null ? errorBackoff : Math.min(told, GIVE_UP_AFTER_MS), signal);
      errorBackoff = Math.min(errorBackoff * 2, MAX_ERROR_BACKOFF_MS);
    }
  }
}

/** Waits {@code ms}, or less when {@code signal} aborts (another query shown, signed out). */
const sleep = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  if (signal) signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});
const isTerminal = (q) => !!q && (q.status === 'COMPLETED' || q.status === 'FAILED');
const fingerprint = (q) => JSON.stringify([q.status, q.stage, Object.keys(q.stageTimingsMs || {}).length]);

// ---- rendering ----------------------------------------------------------------------------

function resetAnswer() {
  state.current = null;
  state.sort = { column: -1, descending: false };
  $('#answer').hidden = true;
  $('#summary').textContent = '';
  $('#engine').textContent = '';
  finalizeChart();
  $('#chart').replaceChildren();
  // Emptied, not only hidden: after a sign-out nothing of the last answer stays in the page.
  $('#result').hidden = true;
  $('#result-table thead').replaceChildren();
  $('#result-table tbody').replaceChildren();
  $('#truncated').textContent = '';
  $('#asked').textContent = '';
  $('#sql-block').hidden = true;
  $('#sql code').replaceChildren();
  $('#feedback-status').dataset.state = 'idle';
  $('#feedback-status').textContent = '';
  delete $('#chart').dataset.spec;
}

function render(query) {
  const previous = state.current;
  state.current = query;
  $('#answer').hidden = false;
  $('#asked').textContent = query.question || '';
  const status = $('#status');
  status.dataset.status = query.status || '';
  status.dataset.queryId = query.id || '';
  const reused = query.status === 'COMPLETED' && Object.keys(query.stageTimingsMs || {}).length === 0;
  const stageWords = query.status === 'PROCESSING' && STAGES.find(([name]) => name === query.stage);
  const words = reused
    ? 'Answered from a stored answer: no stage had to run.'
    : [STATUS_WORDS[query.status] || query.status || '', stageWords ? `${stageWords[1]}.` : '']
      .filter(Boolean).join(' ');
  // A live region: written only when the words change, so nothing is announced twice.
  if (status.textContent !== words) status.textContent = words;
  renderStages(query);
  if (query.status === 'FAILED') {
    showError((query.error && query.error.message) || 'The question could not be answered.');
  }
  const sql = query.sql || '';
  if (!previous || previous.id !== query.id || (previous.sql || '') !== sql) renderSql(sql);
  $('#summary').textContent = query.summary || '';
  if (query.result && (!previous || previous.result !== query.result) && query.status === 'COMPLETED') {
    renderTable(query.result);
  }
  renderChart(query);
  renderEngine(query);
  for (const button of document.querySelectorAll('[data-feedback]')) {
    button.disabled = query.status !== 'COMPLETED';
  }
  $('#follow-up-ask').disabled = state.asking || query.status !== 'COMPLETED';
  const share = new URLSearchParams({ q: query.question || '' });
  if (query.dataSourceId) share.set('ds', query.dataSourceId);
  $('#share-link').href = `${location.pathname}?${share}`;
  markCurrentInHistory();
}

function stageState(query, stage, index) {
  const timings = query.stageTimingsMs || {};
  const current = STAGES.findIndex(([name]) => name === query.stage);
  if (stage === 'RECEIVED') return 'done';
  // The failed stage has a timing too (StageTimer records it): the query's stage says which failed.
  if (query.status === 'FAILED' && index === current) return 'failed';
  if (stage in timings) return 'done';
  switch (query.status) {
    case 'COMPLETED':
      return 'skipped';
    case 'FAILED':
      if (index === current) return 'failed';
      return 'skipped';
    case 'PROCESSING':
      if (index === current) return 'running';
      return index < current ? 'skipped' : 'pending';
    default:
      return 'pending';
  }
}

function renderStages(query) {
  const list = $('#stages');
  if (list.children.length !== STAGES.length) {
    list.replaceChildren(...STAGES.map(([name, words]) => el('li', { 'data-stage': name, text: words })));
  }
  STAGES.forEach(([name, words], index) => {
    const li = list.children[index];
    const stageState_ = stageState(query, name, index);
    li.dataset.state = stageState_;
    const ms = (query.stageTimingsMs || {})[name];
    li.title = ms === undefined ? stageState_ : `${stageState_} in ${ms} ms`;
    li.setAttribute('aria-label', `${words}: ${li.title}`);
  });
  if (query.status === 'FAILED' && !list.querySelector('[data-state="failed"]')) {
    // Failed before any stage started, or after the last: mark the stage it stopped at.
    const pending = list.querySelector('[data-state="skipped"]');
    if (pending) pending.dataset.state = 'failed';
  }
}

function renderSql(sql) {
  $('#sql-block').hidden = !sql;
  const code = $('#sql code');
  code.replaceChildren(...highlightSql(sql));
}

// ---- the result table ---------------------------------------------------------------------

const NUMBER_FORMAT = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });
/** Integer columns are years and ids as often as amounts: no grouping (2024, not 2,024). */
const INTEGER_FORMAT = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0, useGrouping: false });
const isIntegerColumn = (column) => !!column && /^(int[248]?|integer|(small|big)?int|(small|big)?serial[248]?)$/i.test(column.type || '');

function formatValue(value, column) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    return (isIntegerColumn(column) && Number.isInteger(value) ? INTEGER_FORMAT : NUMBER_FORMAT).format(value);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function renderTable(result) {
  const columns = result.columns || [];
  const rows = result.rows || [];
  $('#result').hidden = false;
  const truncated = $('#truncated');
  truncated.hidden = !result.truncated;
  truncated.textContent = result.truncated
    ? `Truncated: only the first ${rows.length} rows are shown; the full result was longer.`
    : '';
  const head = $('#result-table thead');
  head.replaceChildren(el('tr', {}, ...columns.map((column, index) => {
    const button = el('button', { type: 'button', text: column.name });
    button.title = column.type ? `${column.type}; sort` : 'sort';
    button.addEventListener('click', () => sortBy(index));
    return el('th', { scope: 'col', 'aria-sort': 'none' }, button);
  })));
  renderRows(rows, columns);
}

function renderRows(rows, columns) {
  const body = $('#result-table tbody');
  body.replaceChildren(...rows.map((row) => el('tr', {}, ...columns.map((column, index) => {
    const value = row[index] === undefined ? null : row[index];
    const cell = el('td', { 'data-value': JSON.stringify(value), text: formatValue(value, column) });
    if (typeof value === 'number') cell.classList.add('num');
    if (value === null) cell.classList.add('null');
    return cell;
  }))));
}

function compareValues(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1; // nulls last either way
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function sortBy(index) {
  const { result } = state.current;
  const descending = state.sort.column === index ? !state.sort.descending : false;
  state.sort = { column: index, descending };
  const rows = result.rows.map((row, position) => ({ row, position }));
  rows.sort((x, y) => {
    const a = x.row[index];
    const b = y.row[index];
    if (a === null || a === undefined || b === null || b === undefined) {
      return compareValues(a, b) || x.position - y.position;
    }
    return (descending ? -compareValues(a, b) : compareValues(a, b)) || x.position - y.position;
  });
  renderRows(rows.map((r) => r.row), result.columns);
  document.querySelectorAll('#result-table thead th').forEach((th, i) => {
    th.setAttribute('aria-sort', i === index ? (descending ? 'descending' : 'ascending') : 'none');
  });
}

// ---- the chart ----------------------------------------------------------------------------

const darkScheme = window.matchMedia('(prefers-color-scheme: dark)');

async function renderChart(query) {
  const chart = $('#chart');
  const spec = query.status === 'COMPLETED' && query.visualization && query.visualization.spec;
  const key = spec ? `${query.id}|${darkScheme.matches}` : '';
  if (chart.dataset.spec === key) return;
  chart.dataset.spec = key;
  finalizeChart();
  chart.replaceChildren();
  if (!spec) return;
  const fitted = { ...spec };
  // The spec is the engine's: it does not get to change how the page embeds it.
  delete fitted.usermeta;
  if (fitted.width === undefined) fitted.width = 'container';
  try {
    const embedded = await window.vegaEmbed(chart, fitted, {
      renderer: 'svg',
      actions: false,
      // No eval: expressions run in vega's interpreter, which the page's CSP needs.
      ast: true,
      expr: expressionInterpreter,
      // The page's stylesheet styles the embed and the tooltip (the CSP refuses injected styles).
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
      theme: darkScheme.matches ? 'dark' : undefined,
      config: darkScheme.matches ? { background: null } : {},
    });
    if (chart.dataset.spec !== key) {
      // Another answer took the chart's place while this one was drawn.
      embedded.view.finalize();
      return;
    }
    state.chartView = embedded.view;
    const title = (query.visualization && query.visualization.title) || 'Chart of the answer';
    chart.setAttribute('aria-label', title);
  } catch (error) {
    chart.replaceChildren(el('p', { class: 'muted', text: `The chart could not be drawn: ${error.message}` }));
  }
}

/** Stops the drawn chart's timers and listeners (vega keeps them until told). */
function finalizeChart() {
  if (state.chartView) state.chartView.finalize();
  state.chartView = null;
}

darkScheme.addEventListener('change', () => {
  if (state.current) renderChart(state.current);
});

// ---- engine, cost, feedback, follow-up ----------------------------------------------------

function renderEngine(query) {
  if (!query.engine) {
    $('#engine').textContent = '';
    return;
  }
  const total = query.usage && query.usage.total;
  const parts = [`Answered by ${query.engine}`];
  if (total && total.promptTokens + total.completionTokens > 0) {
    const tokens = total.promptTokens + total.completionTokens;
    parts.push(`${NUMBER_FORMAT.format(tokens)} tokens (${NUMBER_FORMAT.format(total.promptTokens)} prompt, ${NUMBER_FORMAT.format(total.completionTokens)} completion)`);
    parts.push(total.estimatedCostUsd > 0 ? `about $${total.estimatedCostUsd.toFixed(4)}` : 'cost unknown');
  } else {
    parts.push('no model tokens, no cost');
  }
  $('#engine').textContent = parts.join(' · ');
}

async function sendFeedback(rating) {
  const query = state.current;
  if (!query) return;
  const status = $('#feedback-status');
  status.dataset.state = 'sending';
  status.textContent = 'Sending…';
  try {
    await api('POST', `/queries/${encodeURIComponent(query.id)}/feedback`, { rating });
    if (state.current !== query && (!state.current || state.current.id !== query.id)) return;
    status.dataset.state = 'sent';
    status.textContent = 'Thank you for your feedback.';
  } catch (error) {
    status.dataset.state = 'failed';
    status.textContent = '';
    showError(describe(error));
  }
}

// ---- start --------------------------------------------------------------------------------

function wire() {
  $('#ask-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (state.asking) return;
    const question = $('#question').value.trim();
    if (!question) {
      showError('Type a question first (question).');
      return;
    }
    ask(question, $('#datasource').value);
  });
  $('#question').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!state.asking) $('#ask-form').requestSubmit();
    }
  });
  $('#follow-up-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const question = $('#follow-up').value.trim();
    if (state.asking || !question || !state.current) return;
    $('#follow-up').value = '';
    ask(question, state.current.dataSourceId, state.current.id);
  });
  for (const button of document.querySelectorAll('[data-feedback]')) {
    button.addEventListener('click', () => sendFeedback(button.dataset.feedback));
  }
  $('#copy-sql').addEventListener('click', async () => {
    const sql = (state.current && state.current.sql) || '';
    try {
      await navigator.clipboard.writeText(sql);
      $('#copy-sql').textContent = 'Copied';
    } catch {
      // Clipboard refused (no permission, or not a secure context): select the text instead.
      const range = document.createRange();
      range.selectNodeContents($('#sql code'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      $('#copy-sql').textContent = 'Selected: press Ctrl+C';
    }
    setTimeout(() => { $('#copy-sql').textContent = 'Copy SQL'; }, 2000);
  });
  $('#history').addEventListener('click', (event) => {
    const li = event.target.closest('li[data-query-id]');
    if (li) show(li.dataset.queryId);
  });
  $('#token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('#token-input').value.trim();
    $('#token-input').value = '';
    if (useToken(token)) start();
  });
  $('#sign-out').addEventListener('click', () => {
    signOut('Signed out.');
    if (state.signIn) {
      // Ends the hosted sign-in's session too (its allowed sign-out URLs must list this page).
      const url = new URL(state.signIn.logoutUrl);
      url.search = new URLSearchParams({ client_id: state.signIn.clientId, logout_uri: redirectUri() }).toString();
      location.assign(url.toString());
    }
  });
}

async function start() {
  showApp();
  const params = new URLSearchParams(location.search);
  try {
    await loadDataSources(params.get('ds'));
  } catch (error) {
    if (state.token) showError(describe(error));
    return;
  }
  loadHistory().catch((error) => { if (state.token) showError(describe(error)); });
  const question = params.get('q');
  if (question) {
    // Asked once: a reload or a later sign-in does not ask it again (#share-link keeps the link).
    const rest = new URLSearchParams(location.search);
    rest.delete('q');
    rest.delete('ds');
    history.replaceState(null, '', location.pathname + (rest.size ? `?${rest}` : '') + location.hash);
    $('#question').value = question;
    ask(question.trim(), $('#datasource').value);
  }
}

/** A #token= link opened in a tab that already shows the page: the new token replaces the old. */
function onHashChange() {
  const token = tokenFromFragment();
  if (!token) return;
  clearPage();
  state.token = null;
  state.sub = null;
  sessionStorage.removeItem(TOKEN_KEY);
  if (useToken(token)) start();
}

async function main() {
  wire();
  window.addEventListener('hashchange', onHashChange);
  const fragmentToken = tokenFromFragment();
  const config = await loadConfig();
  if (config.signIn) {
    state.signIn = config.signIn;
    $('#signin-provider').hidden = false;
    $('#signin-paste').hidden = true;
    $('#signin-button').addEventListener('click', () => startSignIn(config.signIn));
    try {
      const token = await finishSignIn(config.signIn);
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
    } catch (error) {
      showSignIn(error.message);
      return;
    }
  }
  const token = fragmentToken || sessionStorage.getItem(TOKEN_KEY);
  if (token && useToken(token)) {
    start();
  } else if (!token) {
    showSignIn('');
  }
}

main();
