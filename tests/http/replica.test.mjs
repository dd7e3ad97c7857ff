// test-stack: serial (stops, delays and kills the read replica; changes db.replica_max_lag)
// The read replica (REPLICA=1, etc/stack.sh; cgi-bin/lib/db.h db_qr): the
// public mall list reads the replica while it replicates within
// db.replica_max_lag, the primary when replication stops, lags too far or
// the replica's server dies; a member's own history waits for the replica
// to catch up (GTID) or reads the primary; the dashboard shows all that.
// Skipped unless the stack runs a replica: `make test REPLICA=1 TEST_FILES=tests/http/replica.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
	Client, adminClient, createMembers, loginMember, readConf, sql, storeSettings, randomName,
} from './lib.mjs';

const conf = readConf();
const skip = conf.db_replica_socket ? false : 'no replica in this stack (REPLICA=1)';

// SQL on the replica as the database admin (the only account that may
// write to a read_only server: the test makes it differ on purpose)
function rsql(query) {
	const out = execFileSync('mariadb', [`--defaults-file=${conf.var}/my-replica.cnf`, '--batch',
		'--skip-column-names', 'pintuan', '-e', query], { encoding: 'utf8' });
	return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, tries = 600) {
	let last;
	for (let i = 0; i < tries; i++) {
		last = await fn();
		if (last) return last;
		await sleep(100);
	}
	assert.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

// the titles the mall list shows for q, from 8 requests in a row (every
// worker of the shop program, each with its own look at the replica)
async function titles(q) {
	const seen = new Set();
	for (let i = 0; i < 8; i++) {
		const r = await new Client().get(`/shop/mall/CARD?q=${encodeURIComponent(q)}`);
		assert.equal(r.status, 200, `mall list: ${r.status} ${r.text}`);
		for (const p of r.body.products ?? r.body.mall?.products ?? []) seen.add(p.title);
	}
	return [...seen].sort();
}

async function replicaView(admin) {
	const r = await admin.client.get('/admin/');
	assert.equal(r.status, 200);
	return r.body.stats.replica;
}

test('reads that may lag go to the replica while it keeps up, else to the primary', { skip }, async () => {
	const admin = await adminClient();
	const tag = randomName('rep');
	const merchant = sql('SELECT id FROM merchants ORDER BY id LIMIT 1')[0]?.[0] ?? 0;
	sql(`INSERT INTO products (merchant_id, title, mall, supply_price, suggested_price, retail_price, stock,
		description, status, created_at, updated_at) VALUES (${merchant}, '${tag} 主库', 'CARD', 100, 200, 200, 5,
		'replica test', 'listed', NOW(), NOW())`);
	const id = sql(`SELECT id FROM products WHERE title = '${tag} 主库'`)[0][0];
	await until('the product on the replica', () => rsql(`SELECT id FROM products WHERE id = ${id}`).length === 1);
	const v0 = await until('the dashboard to show the replica serving', async () => {
		const v = await replicaView(admin);
		return v.serving && v.in_step ? v : null;
	});
	assert.equal(v0.configured, true);
	assert.equal(v0.io_running, true);
	assert.equal(v0.sql_running, true);
	assert.equal(v0.lag, 0);

	// The replica alone says otherwise: the list shows what the replica has.
	rsql(`UPDATE products SET title = '${tag} 备库' WHERE id = ${id}`);
	await until('the list from the replica', async () => (await titles(tag)).join() === `${tag} 备库`);

	// Replication stopped: Seconds_Behind_Master is NULL, reads go to the primary.
	rsql('STOP SLAVE SQL_THREAD');
	await until('the list from the primary', async () => (await titles(tag)).join() === `${tag} 主库`);
	let v = await replicaView(admin);
	assert.equal(v.serving, false);
	assert.equal(v.sql_running, false);
	assert.equal(v.lag, null);
	rsql(`UPDATE products SET title = '${tag} 主库' WHERE id = ${id}; START SLAVE SQL_THREAD`);
	await until('the replica serving again', async () => (await replicaView(admin)).serving);

	// A replica 30 s behind on purpose (MASTER_DELAY). Within a max lag of
	// an hour the public list shows its old title; the member's own
	// history (GTID wait, then the primary) shows a credit at once.
	await storeSettings({ 'db.replica_max_lag': '3600' });
	rsql('STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 30; START SLAVE');
	try {
		sql(`UPDATE products SET title = '${tag} 新' WHERE id = ${id}`);
		await until('the replica lagging', async () => (await replicaView(admin)).lag >= 2);
		assert.equal(rsql(`SELECT title FROM products WHERE id = ${id}`)[0][0], `${tag} 主库`);
		assert.deepEqual(await titles(tag), [`${tag} 主库`], 'within db.replica_max_lag: the replica');
		const [m] = await createMembers(1, { credit: { CHANGE: '12.34' }, memo: `${tag} 入账` });
		const member = await loginMember(m.phone);
		const h = await member.get('/wallet');
		assert.equal(h.status, 200);
		assert.ok(h.body.history.some((e) => e.memo === `${tag} 入账`),
			`the member sees their own credit at once: ${JSON.stringify(h.body.history)}`);

		// past the setting (1 s): the primary
		await storeSettings({ 'db.replica_max_lag': '1' });
		await until('the list from the primary (lag past the setting)',
			async () => (await titles(tag)).join() === `${tag} 新`);
		v = await replicaView(admin);
		assert.equal(v.serving, false);
		assert.ok(v.lag > 1, `lag ${v.lag}`);
		assert.notEqual(v.gtid_primary, v.gtid_replica);
	} finally {
		rsql('STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 0; START SLAVE');
		await storeSettings({ 'db.replica_max_lag': null });
	}
	await until('the replica in step', async () => {
		const x = await replicaView(admin);
		return x.serving && x.in_step;
	});
	await until('the new title from the replica', async () => (await titles(tag)).join() === `${tag} 新`);

	// The replica's server killed: pages still answer (from the primary),
	// and the stack's supervisor brings the replica back.
	const pid = Number(readFileSync(`${conf.var}/run/mysqld-replica.pid`, 'utf8').trim());
	process.kill(pid, 'SIGKILL');
	assert.deepEqual(await titles(tag), [`${tag} 新`]);
	await until('the replica back and serving', async () => {
		try {
			return (await replicaView(admin)).serving;
		} catch {
			return false;
		}
	}, 1200);
	assert.deepEqual(await titles(tag), [`${tag} 新`]);
});
