// End-to-end test of the example frontend: a real headless Chromium drives the page served by the
// service, which talks to its demo upstream (the fake V2EX API). What the page must show is read
// from the fake directly, with the same token, so the checks follow the fake's data.
//
// The steps run in order and share one browser tab, like a person using the page:
// rejected token → sign in → node pages 1→2 → a topic and its replies → notifications, delete one →
// create a token → a regular token may not create one → the quota runs out.
//
// Environment: BASE_URL (the service, e.g. http://127.0.0.1:18600/), UPSTREAM_URL (the demo
// upstream's API root, e.g. http://127.0.0.1:18601/api/v2/), CHROMIUM (default /usr/bin/chromium),
// SCREENSHOTS (default ./screenshots).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:18600/';
const UPSTREAM_URL = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:18601/api/v2/';
const SCREENSHOTS = process.env.SCREENSHOTS ?? new URL('./screenshots/', import.meta.url).pathname;

const ALICE = 'demo-token-alice';
const CAROL = 'demo-token-carol';
const tokensUsed = [ALICE, CAROL];

let browser;
let page;
let profile;
const consoleLines = [];
const pageErrors = [];
const requestedUrls = [];

// ---- the fake upstream, asked directly --------------------------------------------------------

async function upstream(path, token = ALICE) {
  const response = await fetch(new URL(path, UPSTREAM_URL), { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function upstreamResult(path, token = ALICE) {
  const { status, body } = await upstream(path, token);
  assert.equal(status, 200, `${path}: ${body.message}`);
  return body;
}

async function waitUntilUp(url, what) {
  for (let i = 0; i < 240; i++) {
    try {
      const response = await fetch(url);
      if (response.status < 500) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not come up at ${url}`);
}

// ---- the page ---------------------------------------------------------------------------------

const $ = (selector, options) => page.locator(selector, options);

async function texts(selector) {
  return (await $(selector).allTextContents()).map(t => t.trim());
}

async function shot(name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function signIn(token) {
  await $('#token').fill(token);
  await $('#token-form button').click();
}

async function signOut() {
  await $('#forget').click();
  await $('#token-form').waitFor();
}

/** Waits for the notice and returns its text. */
async function notice() {
  await $('#notice').waitFor();
  return (await $('#notice').textContent()).trim();
}

before(async () => {
  await waitUntilUp(new URL('q/health/live', BASE_URL), 'the service');
  await waitUntilUp(new URL('nodes/python', UPSTREAM_URL), 'the demo upstream');
  mkdirSync(SCREENSHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'v2ex-graphql-e2e-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 760 },
    locale: 'en-US',
    timezoneId: 'UTC',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', message => consoleLines.push(message.text()));
  page.on('pageerror', error => pageErrors.push(error.message));
  page.on('request', request => requestedUrls.push(request.url()));
  await page.goto(BASE_URL);
});

after(async () => {
  await browser?.close();
  if (profile) {
    rmSync(profile, { recursive: true, force: true });
  }
});

describe('the example frontend', () => {
  test('a rejected token is said in plain words and not kept', async () => {
    await $('#token-form').waitFor();
    await signIn('not-a-valid-token');
    assert.match(await notice(), /Your token was rejected/);
    await $('#token-form').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await shot('01-rejected-token');
  });

  test('a valid token signs in; it stays in sessionStorage and is shown masked only', async () => {
    await signIn(ALICE);
    await $('#who').waitFor();
    const me = (await upstreamResult('member')).result;
    const who = await $('#who-text').textContent();
    assert.match(who, new RegExp(`^${me.username} · token ${ALICE.slice(0, 4)}…${ALICE.slice(-4)} · scope everything$`));
    assert.equal(await page.evaluate(() => Object.values(sessionStorage).join()), ALICE);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.ok(!(await page.evaluate(() => document.body.innerText)).includes(ALICE));
  });

  test("browses a node's topics page by page", async () => {
    const node = (await upstreamResult('nodes/python')).result;
    const page1 = await upstreamResult('nodes/python/topics?p=1');
    const page2 = await upstreamResult('nodes/python/topics?p=2');

    await $('.topics li').first().waitFor();
    assert.equal((await $('main h2').textContent()).trim(), `${node.title} ${node.topics} topics`);
    assert.deepEqual(await texts('.topics li a'), page1.result.map(t => t.title));
    // A listed topic does not name its author upstream: the service fetched each one's detail.
    const details = await Promise.all(page1.result.map(t => upstreamResult(`topics/${t.id}`)));
    assert.deepEqual(await texts('.topics li .meta'),
      page1.result.map((t, i) => `${details[i].result.member.username} · ${t.replies} replies`));
    assert.equal(await $('.pager .page').textContent(), `Page 1 of ${page1.pagination.pages}`);

    await $('.pager a[rel=next]').click();
    await page.waitForURL(/#\/node\/python\/2$/);
    await page.locator('.pager .page').filter({ hasText: `Page 2 of ${page2.pagination.pages}` }).waitFor();
    assert.deepEqual(await texts('.topics li a'), page2.result.map(t => t.title));
    assert.deepEqual(await $('.topics li').evaluateAll(items => items.map(li => li.dataset.topicId)),
      page2.result.map(t => String(t.id)));
    await shot('02-node-page-2');
  });

  test('opens a topic with its replies, page by page', async () => {
    // The first topic on node page 2 with more than one page of replies (or else the first one).
    const listed = (await upstreamResult('nodes/python/topics?p=2')).result;
    const chosen = listed.find(t => t.replies > 20) ?? listed[0];
    const topic = (await upstreamResult(`topics/${chosen.id}`)).result;
    const replies1 = await upstreamResult(`topics/${chosen.id}/replies?p=1`);

    await $(`.topics li[data-topic-id="${chosen.id}"] a`).click();
    await page.waitForURL(new RegExp(`#/topic/${chosen.id}/1$`));
    await $('.replies li').first().waitFor();
    assert.equal(await $('article h2').textContent(), topic.title);
    assert.equal((await $('article .content').textContent()), topic.content);
    assert.match(await $('article .meta').textContent(), new RegExp(`^${topic.member.username} · `));
    assert.equal(await $('main h3').textContent(), `${topic.replies} replies`);
    assert.deepEqual(await texts('.replies li .content'), replies1.result.map(r => r.content.trim()));
    assert.deepEqual(await $('.replies li').evaluateAll(items => items.map(li => li.dataset.replyId)),
      replies1.result.map(r => String(r.id)));

    if (replies1.pagination.pages > 1) {
      const replies2 = await upstreamResult(`topics/${chosen.id}/replies?p=2`);
      await $('.pager a[rel=next]').click();
      await page.locator('.pager .page').filter({ hasText: `Page 2 of ${replies2.pagination.pages}` }).waitFor();
      assert.deepEqual(await texts('.replies li .content'), replies2.result.map(r => r.content.trim()));
      // Replies are numbered across pages: the first one here is number 21.
      assert.equal(await $('.replies').getAttribute('start'), '21');
    }
    await shot('03-topic');
  });

  test("shows the viewer's notifications and deletes one, with a loading state", async () => {
    const before = await upstreamResult('notifications?p=1');
    await $('#tabs a', { hasText: 'Notifications' }).click();
    await $('.notifications li').first().waitFor();
    assert.equal(await $('main h2 .count').textContent(), `${before.pagination.total} in all`);
    assert.deepEqual(await $('.notifications li').evaluateAll(items => items.map(li => li.dataset.notificationId)),
      before.result.map(n => String(n.id)));
    await shot('04-notifications');

    // Slow the service's answer down a little, so the loading state can be seen.
    const victim = String(before.result[1].id);
    await page.route('**/graphql', async route => {
      await new Promise(resolve => setTimeout(resolve, 700));
      await route.continue();
    });
    const button = $(`.notifications li[data-notification-id="${victim}"] button`);
    await button.click();
    assert.equal(await button.textContent(), 'Deleting…');
    assert.ok(await button.isDisabled());
    assert.ok(await $('#loading').isVisible());
    await $(`.notifications li[data-notification-id="${victim}"]`).waitFor({ state: 'detached' });
    // The page may have sent a follow-up request that is still being held: let it finish first.
    await page.unrouteAll({ behavior: 'wait' });

    const afterDelete = await upstreamResult('notifications?p=1');
    assert.equal(afterDelete.pagination.total, before.pagination.total - 1);
    assert.ok(!afterDelete.result.some(n => String(n.id) === victim));
    assert.equal(await $('main h2 .count').textContent(), `${afterDelete.pagination.total} in all`);
    assert.deepEqual(await $('.notifications li').evaluateAll(items => items.map(li => li.dataset.notificationId)),
      afterDelete.result.map(n => String(n.id)));
    assert.ok(await $('#loading').isHidden());
  });

  test('creates a token and shows it once', async () => {
    await $('#tabs a', { hasText: 'New token' }).click();
    await page.selectOption('select[name=scope]', 'REGULAR');
    await page.selectOption('select[name=expiration]', 'DAYS_30');
    await $('.new-token button').click();
    await $('#new-token').waitFor();
    const created = (await $('#new-token').textContent()).trim();
    tokensUsed.push(created);
    await shot('05-new-token');

    // The fake knows it: a regular token for 30 days, belonging to alice.
    const info = (await upstreamResult('token', created)).result;
    assert.equal(info.token, created);
    assert.equal(info.scope, 'regular');
    assert.equal(info.expiration, 30 * 86400);
    assert.equal((await upstreamResult('member', created)).result.username, 'alice');

    // Shown once: gone after navigating away and back, never stored.
    await $('#tabs a', { hasText: 'Topics' }).click();
    await $('.topics li').first().waitFor();
    await $('#tabs a', { hasText: 'New token' }).click();
    await $('.new-token').waitFor();
    assert.equal(await $('#new-token').count(), 0);
    assert.equal(await page.evaluate(() => Object.values(sessionStorage).join()), ALICE);
  });

  test('a regular token may not create tokens: FORBIDDEN in plain words', async () => {
    await signOut();
    await signIn(CAROL);
    await $('#who-text', { hasText: 'carol' }).waitFor();
    await $('#tabs a', { hasText: 'New token' }).click();
    await $('.new-token button').click();
    assert.match(await notice(), /V2EX does not allow this with your token/);
    assert.equal(await $('#new-token').count(), 0);
    await shot('06-forbidden');
  });

  test('once the quota is spent, the page says when to retry', async () => {
    // Someone else behind the same address spends what is left of the hour's quota...
    const probe = await upstream('nodes/v2ex');
    const remaining = Number(probe.headers.get('x-rate-limit-remaining'));
    for (let sent = 0; sent < remaining; sent += 25) {
      await Promise.all(Array.from({ length: Math.min(25, remaining - sent) }, () => upstream('nodes/v2ex')));
    }
    const refused = await upstream('nodes/v2ex');
    assert.ok([403, 429].includes(refused.status), `the fake still answers ${refused.status}`);
    const resetsIn = Number(refused.headers.get('x-rate-limit-reset')) - Date.now() / 1000;

    // ...so a node nobody has opened yet cannot be fetched.
    await $('#tabs a', { hasText: 'Topics' }).click();
    await $('.node-picker input').fill('apple');
    await $('.node-picker button').click();
    const text = await notice();
    // The fake's window is an hour from its start: that is minutes away, said in minutes.
    const match = text.match(/Rate limited by V2EX, retry in (\d+) min\./);
    assert.ok(match, text);
    assert.ok(Math.abs(Number(match[1]) - resetsIn / 60) <= 1, `retry in ${match[1]} min, the fake resets in ${resetsIn} s`);
    await shot('07-rate-limited');
  });

  test('the page stayed on its own origin, logged no token and threw nothing', () => {
    const origin = new URL(BASE_URL).origin;
    assert.deepEqual(requestedUrls.filter(url => !url.startsWith(origin) && !url.startsWith('data:')), []);
    assert.deepEqual(consoleLines.filter(line => tokensUsed.some(token => line.includes(token))), []);
    assert.deepEqual(pageErrors, []);
  });
});
