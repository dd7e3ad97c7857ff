// The scheduler (DESIGN.md §4, issue 6): a job that fails is retried with
// exponential backoff (10 s, 20 s, 40 s …), keeps its error, and after the
// last attempt is marked failed and listed first, in red, on the back
// office's 资金池与分红 page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { adminClient, sql, CTL, randomName } from './lib.mjs';

const JOBS = join(dirname(CTL), 'jobs');
const MAX_ATTEMPTS = 6; // JOB_MAX_ATTEMPTS in cgi-bin/jobs.c

const job = (key) => {
	const [row] = sql(`SELECT status, attempts, last_error, TIMESTAMPDIFF(SECOND, NOW(), run_at), finished_at IS NOT NULL
		FROM jobs WHERE unique_key = '${key}'`);
	return { status: row[0], attempts: Number(row[1]), error: row[2], wait: Number(row[3]), finished: row[4] === '1' };
};

// Runs the scheduler once, then waits until the job has been tried n times
// (the stack's own daemon may be the one that claims it).
async function attempted(key, n) {
	for (let i = 0; i < 100; i++) {
		execFileSync(JOBS, ['--once'], { env: process.env, stdio: 'ignore' });
		if (job(key).attempts >= n) return job(key);
		await new Promise((r) => setTimeout(r, 100));
	}
	return job(key);
}

describe('scheduler retries and failures', () => {
	test('a failing job backs off, then is marked failed and shown in the back office', async () => {
		const key = randomName('test.broken:');
		sql(`INSERT INTO jobs (kind, unique_key, run_at, created_at) VALUES ('test.broken', '${key}', NOW(), NOW())`);

		let j = await attempted(key, 1);
		assert.equal(j.attempts, 1);
		assert.equal(j.status, 'due', 'still due after one failure');
		assert.match(j.error, /unknown job kind test\.broken/);
		assert.ok(j.wait >= 8 && j.wait <= 10, `first retry about 10 s later, got ${j.wait}`);
		assert.equal(j.finished, false);

		// Not due yet: another round leaves it alone.
		execFileSync(JOBS, ['--once'], { env: process.env, stdio: 'ignore' });
		assert.equal(job(key).attempts, 1, 'not retried before its time');

		// The second failure doubles the wait.
		sql(`UPDATE jobs SET run_at = NOW() WHERE unique_key = '${key}'`);
		j = await attempted(key, 2);
		assert.equal(j.status, 'due');
		assert.ok(j.wait >= 18 && j.wait <= 20, `second retry about 20 s later, got ${j.wait}`);

		// One attempt short of the limit it is still retried …
		sql(`UPDATE jobs SET attempts = ${MAX_ATTEMPTS - 2}, run_at = NOW() WHERE unique_key = '${key}'`);
		j = await attempted(key, MAX_ATTEMPTS - 1);
		assert.equal(j.status, 'due', `still due after ${MAX_ATTEMPTS - 1} failures`);

		// … and the last allowed attempt fails it for good.
		sql(`UPDATE jobs SET attempts = ${MAX_ATTEMPTS - 1}, run_at = NOW() WHERE unique_key = '${key}'`);
		j = await attempted(key, MAX_ATTEMPTS);
		assert.equal(j.attempts, MAX_ATTEMPTS);
		assert.equal(j.status, 'failed');
		assert.equal(j.finished, true);
		execFileSync(JOBS, ['--once'], { env: process.env, stdio: 'ignore' });
		assert.equal(job(key).attempts, MAX_ATTEMPTS, 'a failed job is not run again');

		const { client } = await adminClient('super');
		const r = await client.get('/admin/economy');
		assert.equal(r.status, 200, r.text);
		const listed = r.body.economy.jobs.find((x) => x.key === key);
		assert.ok(listed, 'the failed job is listed');
		assert.equal(listed.failed, true);
		assert.equal(listed.attempts, MAX_ATTEMPTS);
		assert.match(listed.error, /unknown job kind/);
		assert.equal(r.body.economy.jobs[0].failed, true, 'failed jobs come first');

		const page = await client.get('/admin/economy', { json: false });
		assert.match(page.text, /table-danger/);
		assert.match(page.text, /失败/);
		sql(`DELETE FROM jobs WHERE unique_key = '${key}'`);
	});
});
