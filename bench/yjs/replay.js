// The reference side of ./tandem bench: one editing trace (../shared/traces, see its README) through Yjs.
// Usage: node replay.js TRACE.json.gz [--limit N]
// Sequential traces: every patch is applied to document A; each update A emits is applied to document B (the peer).
// Concurrent traces: one document per agent plus an observer. Before each transaction, its agent's document receives
// the other agents' updates up to the transaction's causal parents (exactly the parents' state, so the patch positions
// hold); every update also goes to the observer. At the end all documents receive everything and must equal endContent.
// --limit N replays only the first N transactions of a sequential trace (the expected text is then the plain replay's).
// Prints one JSON line: {"ms", "bytes" (sum of update sizes), "updates", "ok", "maxRssKb"}. Loading the file is not timed.
'use strict';
const Y = require('yjs');
const zlib = require('zlib');
const fs = require('fs');

// Yjs draws a random 32-bit client ID per document, and every update carries it as a variable-length integer (1 to 5
// bytes): fixed IDs in the usual range (at or above 2^28, as nearly all random ones are) keep the byte counts the same
// from run to run.
const CLIENT_ID = 1000000001;

const file = process.argv[2];
const li = process.argv.indexOf('--limit');
const limit = li > 0 ? Number(process.argv[li + 1]) : Infinity;
const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)));
const concurrent = trace.kind === 'concurrent';
let txns = trace.txns;
let expected = trace.endContent;
if (!concurrent && limit < txns.length) {
  txns = txns.slice(0, limit);
  let s = trace.startContent || '';
  for (const tx of txns) for (const [pos, del, ins] of tx.patches) s = s.slice(0, pos) + ins + s.slice(pos + del);
  expected = s;
}

let bytes = 0, updates = 0, ok, ms;
if (!concurrent) {
  const a = new Y.Doc(), b = new Y.Doc();
  a.clientID = CLIENT_ID;
  const ta = a.getText('t');
  a.on('update', u => { bytes += u.length; updates++; Y.applyUpdate(b, u); });
  const t0 = process.hrtime.bigint();
  if (trace.startContent) ta.insert(0, trace.startContent);
  for (const tx of txns) for (const [pos, del, ins] of tx.patches) { if (del) ta.delete(pos, del); if (ins) ta.insert(pos, ins); }
  ms = Number(process.hrtime.bigint() - t0) / 1e6;
  ok = b.getText('t').toString() === expected;
} else {
  const n = trace.numAgents;
  const docs = [], log = [], applied = [];
  const observer = new Y.Doc();
  for (let i = 0; i < n; i++) {
    const d = new Y.Doc();
    d.clientID = CLIENT_ID + i;
    docs.push(d); log.push([]); applied.push(new Array(n).fill(0));
  }
  const seqOf = new Int32Array(txns.length);
  const versionBefore = new Array(txns.length);
  const counts = new Array(n).fill(0);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < txns.length; i++) {
    const t = txns[i], a = t.agent;
    seqOf[i] = counts[a]++;
    const v = new Array(n).fill(0);
    for (const p of t.parents) {
      const pv = versionBefore[p];
      for (let k = 0; k < n; k++) if (pv[k] > v[k]) v[k] = pv[k];
      const pa = txns[p].agent;
      if (seqOf[p] + 1 > v[pa]) v[pa] = seqOf[p] + 1;
    }
    versionBefore[i] = v;
    const doc = docs[a];
    for (let k = 0; k < n; k++) {
      if (k === a) continue;
      while (applied[a][k] < v[k]) Y.applyUpdate(doc, log[k][applied[a][k]++]);
    }
    const text = doc.getText('t');
    const chunks = [];
    const listener = u => chunks.push(u);
    doc.on('update', listener);
    doc.transact(() => {
      for (const [pos, del, ins] of t.patches) { if (del) text.delete(pos, del); if (ins) text.insert(pos, ins); }
    });
    doc.off('update', listener);
    const u = chunks.length === 1 ? chunks[0] : Y.mergeUpdates(chunks);
    log[a].push(u);
    bytes += u.length; updates++;
    Y.applyUpdate(observer, u);
  }
  for (let a = 0; a < n; a++) for (let k = 0; k < n; k++) {
    if (k === a) continue;
    while (applied[a][k] < log[k].length) Y.applyUpdate(docs[a], log[k][applied[a][k]++]);
  }
  ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const end = observer.getText('t').toString();
  ok = end === expected && docs.every(d => d.getText('t').toString() === end);
}
console.log(JSON.stringify({ ms: Math.round(ms), bytes, updates, ok, maxRssKb: process.resourceUsage().maxRSS }));
