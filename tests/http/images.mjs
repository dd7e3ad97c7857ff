// tests/http/images.mjs — small, valid image files made in the test, for
// the upload tests (HTTP and browser): no fixture files, and every call can
// make different bytes (a different content hash, so a different file).
//
//   png(w, h, [r, g, b], { padTo, text })
//                                      an RGB PNG; padTo: exact total size,
//                                      reached with a private ancillary chunk;
//                                      text: a tEXt comment (unique bytes)
//   jpeg({ comment })                  an 8×8 grey baseline JPEG; comment
//                                      (a COM segment) makes it unique
//   mp4(text)                          the smallest file libmagic calls
//                                      video/mp4 (ftyp + a free box with text)
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

// A w×h PNG: a diagonal blend from rgb to white, so a screenshot shows
// something. padTo pads the file to exactly that many bytes.
export function png(w = 4, h = 4, rgb = [232, 69, 44], { padTo, text } = {}) {
	const raw = Buffer.alloc((w * 3 + 1) * h);
	for (let y = 0; y < h; y++) {
		raw[y * (w * 3 + 1)] = 0; // filter: none
		for (let x = 0; x < w; x++) {
			const t = (x + y) / Math.max(1, w + h - 2);
			for (let i = 0; i < 3; i++)
				raw[y * (w * 3 + 1) + 1 + x * 3 + i] = Math.round(rgb[i] + (255 - rgb[i]) * t * 0.6);
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw))];
	if (text) parts.push(chunk('tEXt', Buffer.from('Comment\0' + text, 'latin1')));
	const end = chunk('IEND', Buffer.alloc(0));
	if (padTo !== undefined) {
		const have = parts.reduce((n, b) => n + b.length, 0) + end.length;
		const data = padTo - have - 12; // a chunk adds length, type and CRC
		if (data < 0) throw new Error(`png: cannot pad ${have} bytes to ${padTo}`);
		parts.push(chunk('ptPd', Buffer.alloc(data, 0x20)));
	}
	parts.push(end);
	return Buffer.concat(parts);
}

function segment(marker, data) {
	const len = Buffer.alloc(2);
	len.writeUInt16BE(data.length + 2, 0);
	return Buffer.concat([Buffer.from([0xff, marker]), len, data]);
}

// An 8×8 baseline JPEG, one grey DC-only block: quantisation table of
// ones, one-code Huffman tables (DC category 0, AC end of block).
export function jpeg({ comment = '' } = {}) {
	const oneCode = (cls) => Buffer.concat([Buffer.from([cls, 1]), Buffer.alloc(15), Buffer.from([0])]);
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		...(comment ? [segment(0xfe, Buffer.from(comment, 'utf8'))] : []),
		segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
		segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
		segment(0xc4, oneCode(0x00)),
		segment(0xc4, oneCode(0x10)),
		segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
		Buffer.from([0x3f, 0xff, 0xd9]),
	]);
}

// ftyp isom/avc1 and a free box carrying text (unique bytes): libmagic's
// video/mp4. It does not play: enough for the upload checks and a poster.
export function mp4(text = '') {
	return Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]),
		Buffer.from('isomiso2avc1mp41'), Buffer.from([0, 0, 0, 8]), Buffer.from('free'), Buffer.from(String(text))]);
}
