// The group-buy home page (/gb) is the same for everyone, so it is served
// without looking up the session (RF_NOSESS): a member gets the member
// shortcuts from the presence of a login cookie alone, the CSRF token still
// works for the next POST, and the pages behind the shortcuts check the
// session themselves.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMember, loginMember } from './lib.mjs';

describe('group-buy home without a session lookup', () => {
	test('a visitor sees no member shortcuts; a member does; both get a working csrf', async () => {
		const visitor = new Client();
		let r = await visitor.get('/gb');
		assert.equal(r.status, 200);
		assert.equal(r.body.signed_in, undefined);
		assert.ok(Array.isArray(r.body.zones));
		r = await visitor.get('/gb', { json: false });
		assert.doesNotMatch(r.text, /pt-gb-nav/);

		const m = createMember();
		const member = await loginMember(m.phone, m.password);
		r = await member.get('/gb');
		assert.equal(r.status, 200);
		assert.equal(r.body.signed_in, true);
		assert.equal(r.body.me, undefined, 'who the member is was not looked up');
		const csrf = r.body.csrf;
		r = await member.get('/gb', { json: false });
		assert.match(r.text, /pt-gb-nav/);
		assert.match(r.text, /href="\/gb\/my"/);

		// the csrf from /gb is the session's: a POST with it is accepted
		r = await member.post('/member/logout', {}, { csrf });
		assert.ok(r.status === 200 || r.status === 303, `logout with the /gb csrf: ${r.status} ${r.text}`);
		// after logout the shortcuts go, and the pages behind them ask to log in
		r = await member.get('/gb');
		assert.equal(r.body.signed_in, undefined);
		r = await member.get('/gb/my', { json: false });
		assert.equal(r.status, 303);
		assert.match(r.location, /\/member\/login/);
	});
});
