// rp_verify_js.test.mjs — the browser's split verifier (static/js/rp-verify.js)
// against the vectors of tests/unit/test_rp.c: the same seeds, rain ids,
// totals and counts the C split is tested with, so a pass here and there
// means the two implementations agree. Runs in node alone (no server); it
// needs static/vendor (`make vendor`) for @noble/hashes.
//
// The amounts were computed independently with python3's hmac/hashlib while
// writing the C test (see its opening comment); none is computed here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';

const VENDOR = new URL('../../static/vendor/noble-hashes/sha2.js', import.meta.url);
if (!existsSync(VENDOR)) throw new Error('static/vendor/noble-hashes is missing: run `make vendor` first');
const V = await import('../../static/js/rp-verify.js');

const SEED_A = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const SEED_B = '73bf72def1a8efccdd93a5e339b2ffa65805d8159544389d01d6cbcf7bfda481';
const SEED_C = 'ff'.repeat(32);
const sum = (v) => v.reduce((a, b) => a + b, 0);

test('the split matches the C vectors (seed A, rain 7; seed B, rain 123)', () => {
	assert.deepEqual(V.split(SEED_A, 7, 1000, 10), [58, 48, 190, 199, 153, 106, 86, 73, 77, 10]);
	assert.deepEqual(V.split(SEED_B, 123, 10000, 8), [744, 1821, 2019, 108, 965, 2447, 667, 1229]);
});

test('awkward totals: 0.01 each, one packet, many packets, a large total', () => {
	assert.deepEqual(V.split(SEED_C, 1, 3, 3), [1, 1, 1]);
	assert.ok(V.split(SEED_A, 77, 500, 500).every((x) => x === 1));
	assert.deepEqual(V.split(SEED_C, 1, 50, 1), [50]);
	const many = V.split(SEED_A, 42, 1000000, 10000);
	assert.deepEqual(many.slice(0, 5), [26, 32, 94, 78, 120]);
	assert.deepEqual(many.slice(-3), [183, 129, 10]);
	assert.equal(sum(many), 1000000);
	assert.equal(Math.min(...many), 1);
	assert.equal(Math.max(...many), 210);
	const big = V.split(SEED_B, 9, 200000000, 100);
	assert.deepEqual(big.slice(0, 4), [298372, 432382, 3515658, 2696233]);
	assert.deepEqual(big.slice(-2), [953836, 2961629]);
	assert.equal(sum(big), 200000000);
});

test('verifyRain passes a published rain and catches a changed amount or seed', () => {
	const commitment = createHash('sha256').update(Buffer.from(SEED_A, 'hex')).digest('hex');
	const d = { id: 7, commitment, seed: SEED_A, count: 10, packets: [58, 48, 190, 199, 153, 106, 86, 73, 77, 10] };
	assert.equal(V.verifyRain(d).ok, true);
	assert.equal(V.verifyRain({ ...d, packets: [59, 47, ...d.packets.slice(2)] }).ok, false);
	assert.equal(V.verifyRain({ ...d, seed: SEED_B }).commitmentOk, false);
	assert.equal(V.verifyRain({ ...d, seed: undefined }).pending, true);
});
