// tests/http/layout.test.mjs — what the code layout promises (issue 13):
// the view helpers live in cgi-bin/lib/view.c, no service keeps its own
// copy, and a busy refusal is resp_busy() in one place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir) {
	const out = [];
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) out.push(...sources(p));
		else if (p.endsWith('.c')) out.push(p);
	}
	return out;
}
const FILES = sources('cgi-bin');

test('no file but lib/view.c defines a setter of a view key', () => {
	// static void NAME(struct json_object *o, const char *k, <value>) whose
	// body sets o[k]: a private view_str / view_int / view_amount
	const setter = /\nstatic void\n(\w+)\(struct json_object \*\w+, const char \*\w+, (?:const char \*|long long |int64_t |int )\w+(?:, int \w+)?\)\n\{[^}]*json_object_object_add\(/g;
	const found = [];
	for (const f of FILES) {
		if (f.endsWith(join('lib', 'view.c'))) continue;
		for (const m of readFileSync(f, 'utf8').matchAll(setter)) found.push(`${f}: ${m[1]}`);
	}
	assert.deepEqual(found, [], 'use the view_* helpers of lib/view.h');
});

test('one resp_busy: no handler spells out the busy refusal', () => {
	const found = FILES.filter((f) => !f.endsWith(join('lib', 'app.c')) &&
		/resp_error\(\w+, 503, "busy", NULL,\s*"系统繁忙/.test(readFileSync(f, 'utf8')));
	assert.deepEqual(found, []);
});

test('no template has an inline event handler (the CSP allows scripts from self only: it would never run)', () => {
	const html = [];
	(function walk(dir) {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const p = join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (p.endsWith('.html')) html.push(p);
		}
	})('templates');
	const found = [];
	for (const f of html)
		for (const m of readFileSync(f, 'utf8').matchAll(/<[^>]*\s(on[a-z]+)\s*=/g)) found.push(`${f}: ${m[1]}`);
	assert.deepEqual(found, [], 'use data-confirm (static/js/admin.js) or a script file');
});
