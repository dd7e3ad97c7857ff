// tests/clock/lib.mjs — what the test-clock files share: moving the stack's
// clock, running the scheduler until the daily jobs are done, balances.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { ctl, sql, CTL } from '../http/lib.mjs';

const JOBS = join(dirname(CTL), 'jobs');
const DAILY = "('gold.release', 'div.daily', 'div.monthly')";

export function clock(...args) { return ctl('clock', ...args); }

// Runs the scheduler until none of the daily jobs is due (the stack's own
// daemon may be running jobs at the same time; both claim with SKIP
// LOCKED); fails when one of them failed.
export async function runJobs() {
	execFileSync(JOBS, ['--once'], { env: process.env, stdio: 'ignore' });
	for (let i = 0; i < 100; i++) {
		const busy = sql(`SELECT COUNT(*) FROM jobs WHERE status = 'due' AND attempts = 0 AND kind IN ${DAILY}`)[0][0];
		if (busy === '0') break;
		execFileSync(JOBS, ['--once'], { env: process.env, stdio: 'ignore' });
		await new Promise((r) => setTimeout(r, 100));
	}
	const failed = sql(`SELECT kind, unique_key, last_error FROM jobs WHERE kind IN ${DAILY}
		AND (status = 'failed' OR (attempts > 0 AND status = 'due'))`);
	assert.deepEqual(failed, [], 'no job failed');
}

// A member's balance of cur in an account kind, in yuan with 2 decimals.
export const bal = (id, cur, kind = 'main') => (Number(sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts
	WHERE owner_type = 'member' AND owner_id = ${Number(id)} AND kind = '${kind}' AND currency = '${cur}'`)[0][0]) / 100).toFixed(2);
