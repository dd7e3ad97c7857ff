// A1: a visitor asking for a member page is told why, offered
// registration, and returned to the same page afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMember, smsCode, registrationFields, newPhone, PASSWORD } from './lib.mjs';

test('login from a member page returns to it, query string included', async () => {
	const m = createMember();
	const c = new Client();
	const r = await c.get('/wallet?currency=CARD', { json: false });
	assert.equal(r.status, 303);
	const loc = r.headers.get('location');
	assert.equal(loc, '/member/login?next=%2Fwallet%3Fcurrency%3DCARD');
	const page = await c.get(loc, { json: false });
	assert.match(page.text, /该功能需要会员身份/);
	assert.ok(page.text.includes('/member/register?next=%2Fwallet%3Fcurrency%3DCARD'), 'registration is offered with the way back');
	const login = await c.post('/member/login', { phone: m.phone, password: PASSWORD, next: '/wallet?currency=CARD' }, { json: false });
	assert.equal(login.status, 303);
	assert.equal(login.headers.get('location'), '/wallet?currency=CARD');
});

test('registration from a member page returns to it', async () => {
	const inviter = createMember();
	const c = new Client();
	const phone = newPhone();
	const code = await smsCode(c, phone, 'register');
	const r = await c.post('/member/register',
		{ ...registrationFields({ phone, code, inviter: String(inviter.id) }), next: '/member/team?gen=2' },
		{ json: false });
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), '/member/team?gen=2');
	const team = await c.get('/member/team?gen=2', { json: true });
	assert.equal(team.status, 200, 'the new member is logged in');
});
