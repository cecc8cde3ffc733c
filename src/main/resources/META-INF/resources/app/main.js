// The example page: a token form, then hash routes for a node's topics, a topic with its replies,
// the viewer's notifications and a form that creates a token. Each route loads what it shows with
// one GraphQL request; a newer navigation makes the answer of an older one moot.
import { h, textOf, when } from './dom.js';
import { describeAll } from './errors.js';
import { forgetToken, getToken, gql, setToken } from './graphql.js';
import * as Q from './queries.js';

const $ = id => document.getElementById(id);
const view = $('view');
const HOME = '#/node/python/1';
const KNOWN_NODES = ['python', 'programmer', 'apple', 'qna', 'jobs', 'v2ex'];

let navigation = 0;
let loading = 0;

// ---- loading state and messages ---------------------------------------------------------------

async function load(query, variables) {
  loading++;
  $('loading').hidden = false;
  view.setAttribute('aria-busy', 'true');
  try {
    const answer = await gql(query, variables);
    showBudget(answer.cost);
    return answer;
  } finally {
    if (--loading === 0) {
      $('loading').hidden = true;
      view.removeAttribute('aria-busy');
    }
  }
}

// One line under the page: what the last request could cost, and what is left of V2EX's budget
// for everyone and of this client's share of it. Asked after each load, never in its way.
async function showBudget(cost) {
  const answer = await gql(Q.BUDGET);
  const budget = answer.data?.rateLimit;
  const parts = [];
  if (cost !== undefined) {
    parts.push(`This page could cost up to ${cost} V2EX call${cost === 1 ? '' : 's'}`);
  }
  if (budget?.limit != null) {
    const resets = new Date(budget.resetAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    parts.push(`V2EX budget: ${budget.remaining} of ${budget.limit} calls left for everyone until ${resets}`);
    if (budget.clientLimit != null) {
      parts.push(`your share: ${budget.clientRemaining} of ${budget.clientLimit} left`);
    }
  }
  $('budget').textContent = parts.join(' · ');
  $('budget').hidden = parts.length === 0;
}

function notify(answer) {
  const lines = describeAll(answer.errors);
  if (answer.staleSeconds > 0) {
    lines.push(`Some of this comes from the cache, up to ${answer.staleSeconds} s old: V2EX could not be asked just now.`);
  }
  $('notice').replaceChildren(...lines.map(line => h('p', {}, line)));
  $('notice').hidden = lines.length === 0;
}

function pager(pageInfo, hrefOf) {
  const { page, totalPages, hasPreviousPage, hasNextPage } = pageInfo;
  return h('nav', { class: 'pager' },
    hasPreviousPage ? h('a', { href: hrefOf(page - 1), rel: 'prev' }, '← Previous') : h('span', {}, '← Previous'),
    h('span', { class: 'page' }, `Page ${page} of ${Math.max(totalPages, 1)}`),
    hasNextPage ? h('a', { href: hrefOf(page + 1), rel: 'next' }, 'Next →') : h('span', {}, 'Next →'));
}

// ---- the token ---------------------------------------------------------------------------------

async function signIn() {
  const current = ++navigation;
  if (!getToken()) {
    return signedOut();
  }
  const answer = await load(Q.VIEWER);
  if (current !== navigation) {
    return;
  }
  const viewer = answer.data?.viewer;
  if (!viewer && answer.errors.some(e => e.code === 'UNAUTHENTICATED')) {
    forgetToken();
    signedOut();
    return notify(answer);
  }
  // Any other failure (V2EX down, rate limited) leaves the token in place: the routes say why.
  $('who-text').textContent = viewer
    ? `${viewer.member.username} · token ${viewer.token.maskedToken} · scope ${viewer.token.scope.toLowerCase()}`
    : 'Token set';
  $('who').hidden = false;
  $('token-form').hidden = true;
  route();
}

function signedOut() {
  $('who').hidden = true;
  $('token-form').hidden = false;
  view.replaceChildren(h('p', { class: 'hint' }, 'Paste a V2EX personal access token above to start.'));
  $('token').focus();
}

$('token-form').addEventListener('submit', event => {
  event.preventDefault();
  setToken($('token').value.trim());
  $('token').value = '';
  signIn();
});

$('forget').addEventListener('click', () => {
  forgetToken();
  $('notice').hidden = true;
  signIn();
});

// ---- routes ------------------------------------------------------------------------------------

const routes = [
  [/^#\/node\/([^/]+)\/(\d+)$/, (current, name, page) => showNode(current, decodeURIComponent(name), Number(page))],
  [/^#\/topic\/(\d+)\/(\d+)$/, (current, id, page) => showTopic(current, id, Number(page))],
  [/^#\/notifications\/(\d+)$/, (current, page) => showNotifications(current, Number(page))],
  [/^#\/new-token$/, current => showNewToken(current)],
];

function route() {
  if (!getToken()) {
    return;
  }
  const current = ++navigation;
  $('notice').hidden = true;
  window.scrollTo(0, 0);
  for (const [pattern, show] of routes) {
    const match = location.hash.match(pattern);
    if (match) {
      return show(current, ...match.slice(1));
    }
  }
  location.hash = HOME; // triggers the route again
}

window.addEventListener('hashchange', route);

async function showNode(current, name, page) {
  const answer = await load(Q.NODE_TOPICS, { name, page });
  if (current !== navigation) {
    return;
  }
  notify(answer);
  const node = answer.data?.node;
  if (!node) {
    const missing = answer.errors.length === 0 ? h('p', {}, `There is no node called “${name}”.`) : null;
    return view.replaceChildren(nodePicker(name), missing ?? '');
  }
  const { items, pageInfo } = node.topics;
  const first = (pageInfo.page - 1) * pageInfo.perPage + 1;
  view.replaceChildren(
    nodePicker(name),
    h('h2', {}, node.title, ' ', h('small', {}, `${node.topicCount} topics`)),
    items.length === 0
      ? h('p', {}, 'No topics on this page.')
      : h('ol', { class: 'topics', start: first }, items.map(topic =>
        h('li', { 'data-topic-id': topic.id },
          h('a', { href: `#/topic/${topic.id}/1` }, topic.title),
          h('span', { class: 'meta' }, `${topic.author?.username ?? 'someone'} · ${topic.replyCount} replies`)))),
    pager(pageInfo, p => `#/node/${encodeURIComponent(name)}/${p}`));
}

function nodePicker(name) {
  const input = h('input', { name: 'node', value: name, list: 'known-nodes', 'aria-label': 'Node name', required: true });
  return h('form', {
    class: 'node-picker',
    onsubmit: event => {
      event.preventDefault();
      location.hash = `#/node/${encodeURIComponent(input.value.trim())}/1`;
    },
  }, 'Node ', input, h('datalist', { id: 'known-nodes' }, KNOWN_NODES.map(n => h('option', { value: n }))),
  h('button', {}, 'Open'));
}

async function showTopic(current, id, page) {
  const answer = await load(Q.TOPIC, { id, page });
  if (current !== navigation) {
    return;
  }
  notify(answer);
  const topic = answer.data?.topic;
  if (!topic) {
    return view.replaceChildren(answer.errors.length === 0 ? h('p', {}, `Topic ${id} does not exist.`) : '');
  }
  const { items, pageInfo } = topic.replies;
  const first = (pageInfo.page - 1) * pageInfo.perPage + 1;
  view.replaceChildren(
    topic.node ? h('p', {}, h('a', { href: `#/node/${encodeURIComponent(topic.node.name)}/1` }, `← ${topic.node.title}`)) : '',
    h('article', { class: 'topic' },
      h('h2', {}, topic.title),
      h('p', { class: 'meta' }, `${topic.author?.username ?? 'someone'} · ${when(topic.createdAt)}`),
      h('div', { class: 'content' }, topic.content ?? '')),
    h('h3', {}, `${topic.replyCount} replies`),
    items.length === 0
      ? h('p', {}, 'No replies on this page.')
      : h('ol', { class: 'replies', start: first }, items.map(reply =>
        h('li', { 'data-reply-id': reply.id },
          h('p', { class: 'meta' }, `${reply.author?.username ?? 'someone'} · ${when(reply.createdAt)}`),
          h('div', { class: 'content' }, reply.content ?? '')))),
    pager(pageInfo, p => `#/topic/${topic.id}/${p}`));
}

async function showNotifications(current, page) {
  const answer = await load(Q.NOTIFICATIONS, { page });
  if (current !== navigation) {
    return;
  }
  notify(answer);
  const notifications = answer.data?.viewer?.notifications;
  if (!notifications) {
    return view.replaceChildren();
  }
  const { items, pageInfo } = notifications;
  view.replaceChildren(
    h('h2', {}, 'Notifications ', h('small', { class: 'count' }, pageInfo.totalItems == null ? '' : `${pageInfo.totalItems} in all`)),
    items.length === 0
      ? h('p', {}, 'No notifications on this page.')
      : h('ul', { class: 'notifications' }, items.map(notification =>
        h('li', { 'data-notification-id': notification.id },
          // The text is HTML from V2EX (links to members and topics): shown as plain text.
          h('p', {}, textOf(notification.text)),
          h('p', { class: 'meta' }, when(notification.createdAt)),
          h('button', { type: 'button', onclick: event => deleteNotification(notification.id, event.target) }, 'Delete')))),
    pager(pageInfo, p => `#/notifications/${p}`));
}

async function deleteNotification(id, button) {
  button.disabled = true;
  button.textContent = 'Deleting…';
  const answer = await load(Q.DELETE_NOTIFICATION, { id });
  if (answer.errors.length > 0) {
    button.disabled = false;
    button.textContent = 'Delete';
    return notify(answer);
  }
  route(); // reload the page: the service dropped its cached notification pages
}

function showNewToken(current) {
  const scope = h('select', { name: 'scope' },
    h('option', { value: 'REGULAR' }, 'regular'), h('option', { value: 'EVERYTHING' }, 'everything'));
  const expiration = h('select', { name: 'expiration' },
    ['DAYS_30', 'DAYS_60', 'DAYS_90', 'DAYS_180'].map(v => h('option', { value: v }, `${v.slice(5)} days`)));
  const result = h('div', { class: 'result' });
  const create = h('button', {}, 'Create token');
  const form = h('form', {
    class: 'new-token',
    onsubmit: async event => {
      event.preventDefault();
      create.disabled = true;
      result.replaceChildren();
      const answer = await load(Q.CREATE_TOKEN, { scope: scope.value, expiration: expiration.value });
      create.disabled = false;
      if (current !== navigation) {
        return;
      }
      notify(answer);
      const token = answer.data?.createToken?.token;
      if (token) {
        // Shown once, here only: not stored, gone with the next navigation.
        const output = h('output', { id: 'new-token' }, token);
        result.replaceChildren(
          h('p', {}, 'Your new token. Copy it now: it will not be shown again.'), output,
          h('button', { type: 'button', onclick: () => navigator.clipboard?.writeText(token) }, 'Copy'));
      }
    },
  }, h('label', {}, 'Scope ', scope), h('label', {}, 'Expires after ', expiration), create);
  view.replaceChildren(h('h2', {}, 'Create a personal access token'), form, result);
}

signIn();
