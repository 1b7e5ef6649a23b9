#!/usr/bin/env node
// Check HTML pages with axe-core in one headless Chromium (several tabs at once).
//
//   node axe-batch.js REPORT.json PAGE.html...
//
// Runs the WCAG 2.0/2.1 level A and AA rules, plus the landmark and heading-order rules
// (tagged best-practice by axe). REPORT.json maps each page to its violations:
// {rule, impact, help, targets}. The exit code is 0 when every page was checked, 1 otherwise.
// The browser is PUPPETEER_EXECUTABLE_PATH, else /usr/bin/chromium.
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const puppeteer = require('puppeteer-core');
const axe = require('axe-core');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const EXTRA_RULES = ['region', 'landmark-one-main', 'landmark-unique', 'heading-order',
  'landmark-no-duplicate-main', 'landmark-main-is-top-level'];
const CHROMIUM_FLAGS = ['--no-sandbox', '--headless', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run'];
const TABS = 2;

function ruleIds() {
  const wcag = axe.getRules(TAGS).map((rule) => rule.ruleId);
  return [...new Set([...wcag, ...EXTRA_RULES])];
}

async function newTab(browser) {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => (
    request.url().startsWith('file:') ? request.continue() : request.abort()));
  return page;
}

// A tab is reused from page to page: the renderer then compiles axe once, not per page.
async function checkPage(page, file, rules) {
  await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate((ids) => window.axe.run(document, {
    runOnly: { type: 'rule', values: ids }, resultTypes: ['violations'],
  }), rules);
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
  }));
}

async function main() {
  const [reportPath, ...pages] = process.argv.slice(2);
  if (!reportPath || pages.length === 0) {
    console.error('usage: axe-batch.js REPORT.json PAGE.html...');
    return 2;
  }
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
    headless: true, args: CHROMIUM_FLAGS,
  });
  const rules = ruleIds();
  const results = {};
  let failed = 0;
  let next = 0;
  async function worker() {
    let page = await newTab(browser);
    while (next < pages.length) {
      const file = pages[next++];
      try {
        results[file] = await checkPage(page, file, rules);
      } catch (err) {
        failed += 1;
        results[file] = [{ rule: 'axe-error', impact: 'critical',
          help: String(err && err.message || err), targets: [] }];
        await page.close().catch(() => {});
        page = await newTab(browser);
      }
    }
    await page.close();
  }
  try {
    await Promise.all(Array.from({ length: TABS }, worker));
  } finally {
    await browser.close();
  }
  const ordered = Object.fromEntries(pages.map((p) => [p, results[p]]));
  fs.writeFileSync(reportPath, JSON.stringify(ordered, null, 1));
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
