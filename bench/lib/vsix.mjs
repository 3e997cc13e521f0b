// Whether a tutor.vsix holds production bundles. `npm run package` builds them with
// `esbuild --production` and then zips dist/; a development build running at the same moment from
// another checkout's command (`npm run build`, the test suites) can rewrite dist/ in between, and
// the VSIX then ships bundles with source-map comments and no minification. The bench checks the
// bundles it ships for that comment and packages again when it finds one; then it runs the
// extension from an unpacked copy of the VSIX, which no other build touches.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';

const BUNDLES = ['extension/dist/extension.js', 'extension/dist/runtime.js', 'extension/dist/webview.js'];

/** A bundle built for production: esbuild --production leaves no source-map comment at its end. */
export function isProductionBundle(text) {
  return !/\/\/# sourceMappingURL=\S+\s*$/.test(text.slice(-300));
}

/** The text of the named entries of a zip. */
function readEntries(file, names) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err) return reject(err);
      const found = new Map();
      zip.on('entry', (entry) => {
        if (!names.includes(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(found));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** True when every shipped bundle is there and none carries a source-map comment. */
export async function isProductionVsix(file) {
  if (!existsSync(file)) return false;
  try {
    const bundles = await readEntries(file, BUNDLES);
    return BUNDLES.every((name) => bundles.has(name) && isProductionBundle(bundles.get(name)));
  } catch {
    return false;
  }
}

/**
 * Unpacks the extension inside a VSIX (its `extension/` folder) into `dir`, so the bench can run
 * exactly what it packaged even if dist/ is rebuilt meanwhile. Returns `dir`.
 */
export function extractExtension(file, dir) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (entry) => {
        const name = entry.fileName;
        if (!name.startsWith('extension/') || name.endsWith('/')) return zip.readEntry();
        const target = path.join(dir, name.slice('extension/'.length));
        if (!target.startsWith(dir + path.sep)) return reject(new Error(`unsafe entry in VSIX: ${name}`));
        mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const out = createWriteStream(target);
          out.on('finish', () => zip.readEntry());
          out.on('error', reject);
          stream.pipe(out);
        });
      });
      zip.on('end', () => resolve(dir));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
