// Writes the photo fixtures the tests upload (tests/fixtures/photos/): camera-like JPEGs that carry
// what a phone writes (an EXIF GPS position, a camera name, an orientation to apply) and files
// that are not photos. Run once: `node tests/tools/make-photo-fixtures.mjs`; the output is committed.
import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'photos');
mkdirSync(out, { recursive: true });

/** A phone's metadata: where it was taken (a Shenzhen workshop), the camera, and "turn me 90°". */
const phoneExif = {
	IFD0: { Make: 'PitwallTestPhone', Model: 'Fixture 12' },
	IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '22/1 32/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '113/1 56/1 789/100' }
};

async function photo(name, width, height, svgBody, orientation) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${svgBody}</svg>`;
	// Grain, so the JPEG is as busy as a real photo of a brake.
	const grain = await sharp({ create: { width, height, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 6 } } }).png().toBuffer();
	const picture = await sharp(Buffer.from(svg)).composite([{ input: grain, blend: 'overlay' }]).png().toBuffer();
	// A phone held on its side stores the pixels turned and says so (orientation 6: turn 90° clockwise to view).
	const img = await sharp(picture)
		.rotate(orientation === 6 ? 270 : 0)
		.jpeg({ quality: 78 })
		.withMetadata({ orientation })
		.withExif(phoneExif)
		.toBuffer();
	writeFileSync(join(out, name), img);
	console.log(name, img.length, 'bytes');
}

// Taken with the phone on its side (orientation 6): stored as 1800x2400 it must come out upright.
await photo(
	'brake-pad.jpg',
	2400,
	1800,
	`<rect width="2400" height="1800" fill="#3b3f46"/>
	<circle cx="1200" cy="900" r="760" fill="#8d949e"/><circle cx="1200" cy="900" r="260" fill="#4a4f57"/>
	<path d="M 560 520 A 760 760 0 0 1 1840 520 L 1700 660 A 560 560 0 0 0 700 660 Z" fill="#b8462e"/>
	<rect x="760" y="480" width="880" height="60" fill="#e9c46a"/>
	<text x="1200" y="1500" font-size="120" font-family="sans-serif" fill="#ffffff" text-anchor="middle">PAD 2 mm</text>`,
	6
);
await photo(
	'brake-disc.jpg',
	2400,
	1800,
	`<rect width="2400" height="1800" fill="#2e3238"/>
	<circle cx="1200" cy="900" r="800" fill="#9aa1aa"/><circle cx="1200" cy="900" r="720" fill="none" stroke="#6b7079" stroke-width="30"/>
	<circle cx="1200" cy="900" r="640" fill="none" stroke="#6b7079" stroke-width="24"/><circle cx="1200" cy="900" r="220" fill="#3d4148"/>
	<text x="1200" y="1650" font-size="110" font-family="sans-serif" fill="#ffffff" text-anchor="middle">DISC SCORED</text>`,
	1
);
await photo(
	'scratch-left.jpg',
	2400,
	1800,
	`<rect width="2400" height="1800" fill="#d9dde2"/><rect y="1200" width="2400" height="600" fill="#6f747b"/>
	<rect x="300" y="500" width="1800" height="700" rx="80" fill="#1d4e89"/>
	<path d="M 700 820 L 1500 760" stroke="#e8edf2" stroke-width="14"/><path d="M 720 860 L 1420 810" stroke="#e8edf2" stroke-width="8"/>`,
	1
);
// A text file named like a photo, and a PNG whose header claims 60000 x 60000 pixels (a decompression bomb).
writeFileSync(join(out, 'not-a-photo.jpg'), 'This is a parts list, renamed .jpg.\n'.repeat(40));
