// Renders media/icon.svg to media/icon.png, the 128×128 icon the Marketplace and Open VSX show
// (they take PNG only). Run after changing the SVG: node scripts/renderIcon.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const media = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media');
const svg = readFileSync(path.join(media, 'icon.svg'), 'utf8');
const png = new Resvg(svg, { fitTo: { mode: 'width', value: 128 } }).render().asPng();
writeFileSync(path.join(media, 'icon.png'), png);
console.log(`media/icon.png: ${png.length} bytes`);
