// gb_verify_js.test.mjs — the browser's draw verifier (static/js/gb-verify.js)
// against the vectors of tests/unit/test_gb_draw.c: the same seeds, group ids,
// eligible lists and winners the C draw is tested with, so a pass here and
// there means the two implementations agree. Runs in node alone: no server,
// no BASE_URL (it lives with the HTTP tests because those are node's). It
// needs static/vendor (`make vendor`), where the page gets @noble/hashes.
//
// The numbers were computed independently with python3's hmac/hashlib while
// writing the C test (see its opening comment); none is computed here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

const VENDOR = new URL('../../static/vendor/noble-hashes/sha2.js', import.meta.url);
if (!existsSync(VENDOR)) throw new Error('static/vendor/noble-hashes is missing: run `make vendor` first');
const V = await import('../../static/js/gb-verify.js');

const SEED_A = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
// SHA-256("pintuan gb test seed B")
const SEED_B = '73bf72def1a8efccdd93a5e339b2ffa65805d8159544389d01d6cbcf7bfda481';
const SEED_C = 'ff'.repeat(32);

const COMMIT_A = '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd';
const COMMIT_B = 'a733e33df681c9f0937b78a32ac4d96c6fc52f55b668d383ed054cc379747117';
const COMMIT_C = 'af9613760f72635fbdb44a5a0a63c39f12af30f950a6ee5c971be188e89c4051';

const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

// seed, group, eligible, m → winners in the order drawn
const PICKS = [
  { name: 'three of ten', seed: SEED_A, group: 42, eligible: range(1, 10), m: 3, winners: [2, 5, 8] },
  { name: 'among eligible seat numbers', seed: SEED_B, group: 1001, eligible: [2, 3, 5, 6, 8, 9], m: 2, winners: [3, 2] },
  { name: 'm = n, a full shuffle', seed: SEED_A, group: 7, eligible: range(1, 5), m: 5, winners: [4, 3, 5, 2, 1] },
  { name: 'one of twenty', seed: SEED_C, group: 123, eligible: range(1, 20), m: 1, winners: [13] },
  { name: 'one of one', seed: SEED_B, group: 5, eligible: [4], m: 1, winners: [4] },
  {
    name: '99 of 100, thirteen blocks', seed: SEED_B, group: 99999, eligible: range(1, 100), m: 99,
    winners: [28, 29, 19, 66, 83, 65, 24, 82, 32, 91, 26, 58, 86, 53, 96, 47, 10, 44, 11, 36, 48, 73, 21,
      94, 34, 75, 52, 77, 81, 40, 76, 60, 42, 12, 20, 74, 59, 79, 37, 71, 72, 23, 61, 45, 6, 9, 78, 95, 84,
      33, 5, 14, 27, 67, 97, 25, 49, 90, 64, 92, 22, 31, 3, 69, 55, 7, 63, 4, 39, 51, 68, 80, 17, 2, 87, 88,
      46, 30, 62, 89, 54, 99, 41, 35, 85, 8, 93, 57, 16, 50, 13, 18, 15, 43, 100, 56, 70, 38, 98],
  },
];

test('commitment is the SHA-256 hex of the seed', () => {
  assert.equal(V.commitment(V.hexToBytes(SEED_A)), COMMIT_A);
  assert.equal(V.commitment(V.hexToBytes(SEED_B)), COMMIT_B);
  assert.equal(V.commitment(V.hexToBytes(SEED_C)), COMMIT_C);
  assert.throws(() => V.hexToBytes(SEED_A.slice(2)));
  assert.throws(() => V.hexToBytes(SEED_A.slice(2) + 'zz'));
});

test('the stream reads HMAC blocks as big-endian words, in order', () => {
  const s = V.streamInit(V.hexToBytes(SEED_A), 42);
  const want = [0xc1bbf5a1, 0x872eddc0, 0xd4d962d5, 0xd2e72d5a, 0xa2269d60, 0x89c3a63d, 0x4e460e6f, 0x40d4aa75,
    0x129007de, 0x30c5614a];
  assert.deepEqual(want.map(() => V.streamWord(s)), want);
  assert.equal(s.block, 2);
  assert.equal(s.next, 2);
});

test('the stream message is the decimal group id', () => {
  let s = V.streamInit(V.hexToBytes(SEED_C), 18446744073709551615n);
  assert.deepEqual([V.streamWord(s), V.streamWord(s)], [0xa10d0cb1, 0x7481ab0e]);
  s = V.streamInit(V.hexToBytes(SEED_C), '18446744073709551615');
  assert.equal(V.streamWord(s), 0xa10d0cb1);
  s = V.streamInit(V.hexToBytes(SEED_C), 0);
  assert.deepEqual([V.streamWord(s), V.streamWord(s)], [0x0d9a46e3, 0x3892ef26]);
  assert.throws(() => V.streamInit(V.hexToBytes(SEED_C), 1e21));
  assert.throws(() => V.streamInit(V.hexToBytes(SEED_C), '-1'));
});

// A stream of seed A, group 42 whose next words are the given ones, then
// the real block 0 (as the C test sets s->w and s->next).
function crafted(words) {
  const s = V.streamInit(V.hexToBytes(SEED_A), 42);
  words.forEach((w, i) => { s.w[8 - words.length + i] = w; });
  s.next = 8 - words.length;
  return s;
}

test('uniform skips words at or above the limit', () => {
  let s = crafted([0xfffffffc, 0xfffffffb]);		// n = 7, limit 0xfffffffc
  assert.equal(V.uniform(s, 7), 6);
  assert.equal(s.next, 8);
  assert.equal(s.block, 0);
  s = crafted([0xffffffff, 0xfffffffe]);		// n = 3, limit 0xffffffff
  assert.equal(V.uniform(s, 3), 2);
  s = crafted([0xffffffff, 0x80000001, 0x80000000]);	// n = 2^31 + 1, limit 2^31 + 1
  assert.equal(V.uniform(s, 0x80000001), 0x80000000);
  assert.equal(s.next, 8);
  s = crafted([0xffffffff, 0xfffffffe]);		// n = 2^32 - 1
  assert.equal(V.uniform(s, 0xffffffff), 0xfffffffe);
  s = crafted([0xfffffffa]);				// n = 10: limit skipped, then block 0
  assert.equal(V.uniform(s, 10), 1);
  assert.equal(s.block, 1);
  assert.equal(s.next, 1);
  s = crafted([0xfffffff9]);				// limit - 1 is taken
  assert.equal(V.uniform(s, 10), 9);
});

test('uniform takes every word when n divides 2^32, and n = 1 takes one', () => {
  const s = crafted([0xffffffff, 0xffffffff, 0x12345678]);
  assert.equal(V.uniform(s, 0x80000000), 0x7fffffff);
  assert.equal(V.uniform(s, 1), 0);
  assert.equal(s.next, 7);
  assert.equal(V.uniform(s, 256), 0x78);
  assert.throws(() => V.uniform(s, 0));
  assert.throws(() => V.uniform(s, 2 ** 32));
});

test('uniform rejects in a real stream', () => {
  const s = V.streamInit(V.hexToBytes(SEED_A), 42);
  const got = [0, 1, 2, 3].map(() => V.uniform(s, 0x80000001));
  assert.deepEqual(got, [1313214063, 1087679093, 311429086, 818241866]);
  assert.equal(s.block, 2);
  assert.equal(s.next, 2);
});

test('uniform for small n', () => {
  const s = V.streamInit(V.hexToBytes(SEED_A), 42);
  const got = [3, 3, 3, 7, 7, 7, 10, 10, 10].map((n) => V.uniform(s, n));
  assert.deepEqual(got, [0, 0, 2, 4, 3, 6, 3, 3, 6]);
});

for (const p of PICKS) {
  test(`pick: ${p.name}`, () => {
    assert.deepEqual(V.drawWinners(p.seed, p.group, p.eligible, p.m), p.winners);
  });
}

test('pick leaves the rest of the list a permutation; m = 0 draws nothing', () => {
  const v = range(1, 100);
  const s = V.streamInit(V.hexToBytes(SEED_B), 99999);
  V.pick(s, v, 99);
  assert.equal(v[99], 1);
  assert.deepEqual(v.slice().sort((a, b) => a - b), range(1, 100));
  const t = V.streamInit(V.hexToBytes(SEED_B), 5);
  assert.deepEqual(V.pick(t, [4], 0), []);
  assert.equal(t.next, 8);
});

// A group as GET /gb/group/:id publishes it.
const group = (over = {}) => ({
  id: 1001, commitment: COMMIT_B, seed: SEED_B, eligible: [2, 3, 5, 6, 8, 9], winners: [3, 2], winners_count: 2,
  ...over,
});

test('verifyGroup: a true draw passes', () => {
  const r = V.verifyGroup(group());
  assert.equal(r.ok, true, r.problems.join('; '));
  assert.equal(r.commitmentOk, true);
  assert.equal(r.winnersOk, true);
  assert.deepEqual(r.computed, [3, 2]);
  assert.deepEqual(r.problems, []);
  // winners listed by seat, eligible in any order, commitment in capitals
  assert.equal(V.verifyGroup(group({ winners: [2, 3], eligible: [9, 8, 6, 5, 3, 2],
    commitment: COMMIT_B.toUpperCase() })).ok, true);
});

test('verifyGroup: another seed fails the commitment', () => {
  const r = V.verifyGroup(group({ seed: SEED_A }));
  assert.equal(r.ok, false);
  assert.equal(r.commitmentOk, false);
  assert.equal(r.computedCommitment, COMMIT_A);
  assert.match(r.problems.join(), /承诺值/);
});

test('verifyGroup: other winners, other eligible seats or another group fail', () => {
  for (const over of [{ winners: [3, 5] }, { winners: [3] }, { eligible: [2, 3, 5, 6, 8] }, { id: 1002 },
    { winners_count: 3, winners: [3, 2, 9, 1] }]) {
    const r = V.verifyGroup(group(over));
    assert.equal(r.ok, false, JSON.stringify(over));
    assert.equal(r.commitmentOk, true);
    assert.equal(r.winnersOk, false, JSON.stringify(over));
    assert.match(r.problems.join(), /中奖排位/);
  }
});

test('verifyGroup: malformed data is reported, not thrown', () => {
  for (const over of [{ eligible: [2, 2, 3] }, { eligible: [0, 1] }, { eligible: 'x' }, { winners_count: 7 },
    { winners_count: 0 }, { seed: 'abc' }, { id: 'x' }]) {
    const r = V.verifyGroup(group(over));
    assert.equal(r.ok, false, JSON.stringify(over));
    assert.ok(r.problems.length > 0);
  }
  assert.equal(V.verifyGroup(null).ok, false);
  const pending = V.verifyGroup(group({ seed: null, winners: [] }));
  assert.equal(pending.ok, false);
  assert.equal(pending.pending, true);
});
