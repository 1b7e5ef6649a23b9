#!/usr/bin/env node
// Check EPUBs with DAISY Ace in one Node process and one headless Chromium.
//
//   node ace-batch.js REPORT.json BOOK.epub...
//
// Ace launches and closes its browser for every book; here the runner is wrapped so that
// the browser starts once and serves every book. REPORT.json maps each book to the list of
// its violations: {rule, impact, document, location, message}. The exit code is 0 when
// every book was checked (whatever it found), 1 when a book could not be checked.
'use strict';

const fs = require('fs');
const path = require('path');
const ace = require('@daisy/ace-core');
const runner = require('@daisy/ace-axe-runner-puppeteer');

function sharedBrowser(inner) {
  let launched = null;
  return {
    concurrency: 2,
    setTimeout: (ms) => inner.setTimeout(ms),
    launch: () => (launched = launched || inner.launch()),
    close: async () => {},
    run: (...args) => inner.run(...args),
    shutdown: async () => { if (launched) { await launched; await inner.close(); } },
  };
}

function violations(report) {
  const found = [];
  for (const subject of report.assertions || []) {
    for (const assertion of subject.assertions || []) {
      const result = assertion['earl:result'] || {};
      if (result['earl:outcome'] !== 'fail') continue;
      const test = assertion['earl:test'] || {};
      found.push({
        rule: test['dct:title'],
        impact: test['earl:impact'],
        document: subject['earl:testSubject'] && subject['earl:testSubject'].url,
        location: result['earl:pointer'] || null,
        message: result['dct:description'],
      });
    }
  }
  return found;
}

async function main() {
  const [reportPath, ...books] = process.argv.slice(2);
  if (!reportPath || books.length === 0) {
    console.error('usage: ace-batch.js REPORT.json BOOK.epub...');
    return 2;
  }
  const browser = sharedBrowser(runner);
  const results = {};
  let failed = 0;
  try {
    for (const book of books) {
      try {
        const [, report] = await ace(path.resolve(book), {
          cwd: process.cwd(), outdir: undefined, initLogger: true, silent: true, jobId: book,
        }, browser);
        results[book] = violations(report);
      } catch (err) {
        failed += 1;
        results[book] = [{ rule: 'ace-error', impact: 'critical', document: book,
                           location: null, message: String(err && err.message || err) }];
      }
    }
  } finally {
    await browser.shutdown();
  }
  fs.writeFileSync(reportPath, JSON.stringify(results, null, 1));
  return failed ? 1 : 0;
}

// Ace prints the report to stdout when no outdir is given: keep stdout for that noise and
// let the caller read the report file.
main().then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
