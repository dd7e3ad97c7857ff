/* rp-verify: recomputes a red-packet rain's split in the browser (FEATURES
 * E1, DESIGN §1), with nothing asked of the server: the page embeds the
 * rain's published data (templates/rp/verify.html) and this module checks
 *
 *   1 commitment == hex(SHA-256(seed));
 *   2 the split: R fen for k packets; for each packet but the last,
 *     hi = min(floor(2R / k), R - (k - 1)), amount = 1 + uniform(hi) on
 *     the fair random stream labelled "rp-<rain id>"; the last is R.
 *
 * The same procedure as cgi-bin/rules/rp.c word for word; both are tested
 * against the same vectors (tests/unit/test_rp.c,
 * tests/http/rp_verify_js.test.mjs). The stream and uniform are the group
 * verifier's (gb-verify.js), with the rain's label. */
import { hexToBytes, commitment, streamWord, uniform } from './gb-verify.js';

export { hexToBytes, commitment, streamWord };

/* The rain's stream (the shape gb-verify.js's streamWord reads). */
export function rainStream(seed, rainId) {
  const id = String(rainId);
  if (!/^(0|[1-9][0-9]*)$/.test(id)) throw new Error('红包雨编号无效');
  return { seed, group: 'rp-' + id, block: 0, w: new Array(8).fill(0), next: 8 };
}

/* The split of total fen into count packets (integers), as rp_split. */
export function split(seed, rainId, total, count) {
  const key = typeof seed === 'string' ? hexToBytes(seed) : seed;
  if (!Number.isSafeInteger(total) || !Number.isInteger(count) || count < 1 || total < count)
    throw new Error('总金额或个数无效');
  const s = rainStream(key, rainId);
  const out = [];
  let r = total;
  for (let i = 0; i + 1 < count; i++) {
    const k = count - i;
    let hi = Math.min(Math.floor((2 * r) / k), r - (k - 1));
    if (hi < 1) hi = 1;
    const a = 1 + uniform(s, hi);
    out.push(a);
    r -= a;
  }
  out.push(r);
  return out;
}

/* Checks { id, commitment, seed, count, packets[fen…] }: returns { ok,
 * pending, commitmentOk, computedCommitment, splitOk, computed, problems }. */
export function verifyRain(d) {
  const r = { ok: false, pending: false, commitmentOk: false, computedCommitment: null, splitOk: false,
    computed: null, problems: [] };
  if (!d || typeof d !== 'object') {
    r.problems.push('没有红包雨的数据');
    return r;
  }
  if (!d.seed) {
    r.pending = true;
    r.problems.push('种子尚未公布（结束后公布）');
    return r;
  }
  let seed;
  try {
    seed = hexToBytes(d.seed);
  } catch (e) {
    r.problems.push(e.message);
    return r;
  }
  r.computedCommitment = commitment(seed);
  r.commitmentOk = typeof d.commitment === 'string' && d.commitment.toLowerCase() === r.computedCommitment;
  if (!r.commitmentOk) r.problems.push('种子的 SHA-256 与创建时公布的承诺值不一致');
  const packets = Array.isArray(d.packets) ? d.packets : [];
  const total = packets.reduce((a, b) => a + b, 0);
  try {
    r.computed = split(seed, d.id, total, d.count);
  } catch (e) {
    r.problems.push(e.message);
  }
  if (r.computed) {
    r.splitOk = r.computed.length === packets.length && r.computed.every((x, i) => x === packets[i]);
    if (!r.splitOk) r.problems.push('公布的红包金额与复算结果不一致');
  }
  r.ok = r.commitmentOk && r.splitOk && r.problems.length === 0;
  return r;
}

function setText(id, text) {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
  return el;
}

function mark(id, ok, yes, no) {
  const el = setText(id, ok ? yes : no);
  if (el) el.className = ok ? 'pt-verify__ok' : 'pt-verify__bad';
}

function render() {
  const data = document.getElementById('rp-data');
  if (!data) return;
  let d = null;
  try {
    d = JSON.parse(data.textContent);
  } catch (e) {
    d = null;
  }
  const r = verifyRain(d);
  if (r.computedCommitment) {
    setText('rp-commitment-computed', r.computedCommitment);
    mark('rp-commitment-check', r.commitmentOk, '✓ 与承诺值一致', '✗ 与承诺值不一致');
  }
  if (r.computed)
    mark('rp-split-check', r.splitOk, `✓ 本机复算的 ${r.computed.length} 个金额与公布的完全一致`,
      '✗ 与公布的金额不一致');
  const box = document.getElementById('rp-result');
  if (!box || r.pending) return;
  box.className = 'pt-verify__result ' + (r.ok ? 'pt-verify__result_ok' : 'pt-verify__result_bad');
  setText('rp-result-word', r.ok ? '通过' : '不通过');
  setText('rp-result-why', r.ok ? '种子与承诺一致，每个红包的金额按公开算法复算无误。' : r.problems.join('；') + '。');
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
  else render();
}
