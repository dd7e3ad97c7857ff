/* gb-verify: recomputes a group's draw in the browser (FEATURES D5.3,
 * DESIGN §1), with nothing asked of the server: the page embeds the group's
 * published data and this module checks it.
 *
 *   1 commitment == hex(SHA-256(seed))  — the seed is the one committed to
 *     when the group opened;
 *   2 the random stream: block b = HMAC-SHA256(key = seed, message = ASCII
 *     "<group id>:<b>"), b = 0, 1, …, each read as eight big-endian uint32
 *     words, consumed in order;
 *   3 uniform(n): limit = 2^32 - (2^32 mod n); the next word x until
 *     x < limit; x mod n (no modulo bias);
 *   4 partial Fisher–Yates over the eligible seat numbers, ascending: for
 *     i = 0 … M-1, j = i + uniform(len - i), swap; winners = the first M.
 *
 * The same procedure as cgi-bin/rules/gb_draw.c and fairrand.c (the
 * group's stream, label = the group id), word for word; both are
 * tested against the same vectors (tests/unit/test_gb_draw.c,
 * tests/http/gb_verify_js.test.mjs). SHA-256 and HMAC come from
 * @noble/hashes (vendored by etc/vendor.sh), not crypto.subtle, which
 * browsers offer only on https and localhost.
 *
 * Plain ES module, no framework. The functions are exported for the tests;
 * loaded on a page with <script type="module">, it fills in the verify page
 * (templates/gb/verify.html) from its <script id="gb-data"> block. */
import { sha256 } from '../vendor/noble-hashes/sha2.js';
import { hmac } from '../vendor/noble-hashes/hmac.js';

const WORD_VALUES = 4294967296;	/* 2^32: exact in a double */

/* 64 hex digits → 32 bytes; throws on anything else. */
export function hexToBytes(hex) {
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex))
    throw new Error('种子应为 64 位十六进制数');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/* hex(SHA-256(seed)), lowercase; seed is 32 bytes. */
export function commitment(seed) {
  return bytesToHex(sha256(seed));
}

/* A group id as the decimal digits the server writes ("42"); throws when
 * it is not a non-negative integer written exactly. */
function groupDigits(id) {
  const s = typeof id === 'bigint' ? id.toString() : String(id);
  if (!/^(0|[1-9][0-9]*)$/.test(s)) throw new Error('团号无效');
  return s;
}

/* The random stream of a group, as struct fairrand: w the current block's
 * words, next the next one (8: compute block `block`). */
export function streamInit(seed, groupId) {
  return { seed, group: groupDigits(groupId), block: 0, w: new Array(8).fill(0), next: 8 };
}

const encoder = new TextEncoder();

export function streamWord(s) {
  if (s.next >= 8) {
    const mac = hmac(sha256, s.seed, encoder.encode(s.group + ':' + s.block));
    const view = new DataView(mac.buffer, mac.byteOffset, mac.byteLength);
    for (let i = 0; i < 8; i++) s.w[i] = view.getUint32(4 * i, false);
    s.block++;
    s.next = 0;
  }
  return s.w[s.next++];
}

/* uniform(n) for an integer 1 <= n < 2^32. n = 1 still takes a word. */
export function uniform(s, n) {
  if (!Number.isInteger(n) || n < 1 || n >= WORD_VALUES) throw new Error('n 超出范围');
  const limit = WORD_VALUES - (WORD_VALUES % n);
  let x;
  do x = streamWord(s); while (x >= limit);
  return x % n;
}

/* Partial Fisher–Yates on v (changed in place); returns v[0 … m-1], the
 * winners in the order drawn. */
export function pick(s, v, m) {
  if (!Number.isInteger(m) || m < 0 || m > v.length) throw new Error('中奖人数超出范围');
  for (let i = 0; i < m; i++) {
    const j = i + uniform(s, v.length - i);
    const t = v[i];
    v[i] = v[j];
    v[j] = t;
  }
  return v.slice(0, m);
}

/* The winners of a group: seed (32 bytes or 64 hex digits), its id, the
 * eligible seat numbers in ascending order, m winners. */
export function drawWinners(seed, groupId, eligible, m) {
  const key = typeof seed === 'string' ? hexToBytes(seed) : seed;
  return pick(streamInit(key, groupId), eligible.slice(), m);
}

const ascending = (a, b) => a - b;

/* Checks a group as GET /gb/group/:id publishes it: { id, commitment,
 * seed, eligible, winners, winners_count }. Returns
 *   { ok, pending, commitmentOk, computedCommitment, winnersOk, computed,
 *     problems }
 * where pending says the seed is not published yet (not drawn), computed is the recomputed winners in the order drawn (null when
 * they cannot be computed) and problems lists, in Chinese, what is wrong.
 * Eligible seats are taken in ascending order (the order the draw uses);
 * the published winners are compared as a set, in whatever order listed. */
export function verifyGroup(g) {
  const r = { ok: false, pending: false, commitmentOk: false, computedCommitment: null, winnersOk: false, computed: null, problems: [] };
  let seed;

  if (!g || typeof g !== 'object') {
    r.problems.push('没有团的数据');
    return r;
  }
  if (g.seed === undefined || g.seed === null || g.seed === '') {
    r.pending = true;
    r.problems.push('种子尚未公布（开奖后公布）');
    return r;
  }
  try {
    seed = hexToBytes(g.seed);
  } catch (e) {
    r.problems.push(e.message);
    return r;
  }
  r.computedCommitment = commitment(seed);
  r.commitmentOk = typeof g.commitment === 'string' && g.commitment.toLowerCase() === r.computedCommitment;
  if (!r.commitmentOk) r.problems.push('种子的 SHA-256 与开团时公布的承诺值不一致');

  const eligible = Array.isArray(g.eligible) ? g.eligible.slice().sort(ascending) : null;
  const m = g.winners_count;
  if (!eligible || !eligible.every((x) => Number.isInteger(x) && x >= 1)) {
    r.problems.push('可中奖排位无效');
  } else if (eligible.some((x, i) => i > 0 && x === eligible[i - 1])) {
    r.problems.push('可中奖排位有重复');
  } else if (!Number.isInteger(m) || m < 1 || m > eligible.length) {
    r.problems.push('中奖人数与可中奖排位不符');
  } else {
    try {
      r.computed = drawWinners(seed, g.id, eligible, m);
    } catch (e) {
      r.problems.push(e.message);
    }
  }
  if (r.computed) {
    const got = Array.isArray(g.winners) ? g.winners.slice().sort(ascending) : [];
    const want = r.computed.slice().sort(ascending);
    r.winnersOk = got.length === want.length && got.every((x, i) => x === want[i]);
    if (!r.winnersOk) r.problems.push('公布的中奖排位与计算结果不一致');
  }
  r.ok = r.commitmentOk && r.winnersOk && r.problems.length === 0;
  return r;
}

/* --- the verify page ------------------------------------------------------ */

function setText(id, text) {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
  return el;
}

/* A check line: yes in green when ok, no in red. */
function mark(id, ok, yes, no) {
  const el = setText(id, ok ? yes : no);
  if (el) el.className = ok ? 'pt-verify__ok' : 'pt-verify__bad';
}

/* The seat numbers as chips, like the server-rendered lists. */
function setSeats(id, list) {
  const el = document.getElementById(id);
  if (!el) return;
  el.textContent = '';
  for (const n of list) {
    const chip = document.createElement('span');
    chip.textContent = n + '号';
    el.appendChild(chip);
  }
}

function render() {
  const data = document.getElementById('gb-data');
  if (!data) return;
  let g = null;
  try {
    g = JSON.parse(data.textContent);
  } catch (e) {
    g = null;
  }
  const r = verifyGroup(g);
  if (r.computedCommitment) {
    setText('gb-commitment-computed', r.computedCommitment);
    mark('gb-commitment-check', r.commitmentOk, '✓ 与承诺值一致', '✗ 与承诺值不一致');
  }
  if (r.computed) {
    setSeats('gb-computed', r.computed);
    setSeats('gb-computed-sorted', r.computed.slice().sort(ascending));
    mark('gb-winners-check', r.winnersOk, '✓ 与公布的中奖排位一致', '✗ 与公布的中奖排位不一致');
  }
  const box = document.getElementById('gb-result');
  if (box) {
    if (r.pending) {
      box.className = 'pt-verify__result';
      setText('gb-result-word', '未开奖');
      setText('gb-result-why', '开奖后公布种子，届时即可验证。');
      return;
    }
    box.className = 'pt-verify__result ' + (r.ok ? 'pt-verify__result_ok' : 'pt-verify__result_bad');
    setText('gb-result-word', r.ok ? '通过' : '不通过');
    setText('gb-result-why', r.ok ? '种子与承诺一致，中奖排位按公开算法复算无误。' : r.problems.join('；') + '。');
  }
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
  else render();
}
