// The test client itself (lib.mjs): a connection idle across a blocked
// event loop is never reused, a GET meeting a closed socket is sent once
// more, a POST never is. Against a small server in a child process (its
// own event loop, so it closes connections while ours is blocked), not
// the stack.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { Client, pool } from './lib.mjs';

// Closes a connection idle 300 ms; counts requests by method; GET /drop-once destroys
// the first connection it is asked on without an answer, POST /drop
// always does.
const SERVER = `
const http = require('node:http');
const seen = { GET: 0, POST: 0 };
let dropped = false;
const s = http.createServer((req, res) => {
	seen[req.method]++;
	if (req.url === '/count') return res.end(JSON.stringify(seen));
	if (req.method === 'POST' && req.url === '/drop') return req.socket.destroy();
	if (req.url === '/drop-once' && !dropped) { dropped = true; return req.socket.destroy(); }
	res.setHeader('content-type', 'application/json');
	res.end(JSON.stringify({ ok: true, port: req.socket.remotePort }));
});
// as nginx does: no Keep-Alive header to hint undici, an idle
// connection closed after keepalive_timeout
s.keepAliveTimeout = 0;
s.on('connection', (sock) => { sock.setTimeout(300); sock.on('timeout', () => sock.end()); });
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

let server, base;
before(async () => {
	server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
	const [chunk] = await once(server.stdout, 'data');
	base = `http://127.0.0.1:${String(chunk).trim()}`;
});
after(() => server.kill());

const count = async () => JSON.parse((await new Client({ base }).get('/count')).text);

test('a keep-alive connection the server closed while the event loop was blocked is not reused', async () => {
	const c = new Client({ base });
	for (let i = 0; i < 3; i++) {
		const first = await c.get('/');
		assert.equal(first.status, 200);
		// the loop blocked past the server's keep-alive (and past lib's
		// BLOCKED_MS, 1 s): the server closes the connection, undici
		// cannot have seen it yet
		execFileSync('sleep', ['1.5']);
		const retries = pool.retries;
		const r = await c.get('/');
		assert.equal(r.status, 200);
		assert.equal(pool.retries, retries, 'no retry was needed');
		assert.notEqual(r.body.port, first.body.port, 'a new connection');
		// and a POST after a block is just as safe
		execFileSync('sleep', ['1.5']);
		assert.equal((await c.request('POST', '/', { body: 'x=1', contentType: 'application/x-www-form-urlencoded' })).status, 200);
	}
});

test('a GET whose connection is closed before the answer is sent once more', async () => {
	const before = (await count()).GET, retries = pool.retries;
	const r = await new Client({ base }).get('/drop-once');
	assert.equal(r.status, 200);
	assert.equal(pool.retries, retries + 1);
	assert.equal((await count()).GET - before, 3, 'the dropped GET, its retry, and /count');
});

test('a POST whose connection is closed before the answer fails and is not sent again', async () => {
	const before = (await count()).POST;
	await assert.rejects(new Client({ base }).request('POST', '/drop', { body: 'x=1', contentType: 'application/x-www-form-urlencoded' }),
		(e) => ['UND_ERR_SOCKET', 'ECONNRESET'].includes(e.cause?.code));
	assert.equal((await count()).POST - before, 1, 'the server saw the POST once');
});
