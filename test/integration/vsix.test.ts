import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { listVsixEntries, readVsixEntry } from '../harness/vsixEntries';
import { EXTENSION_ID, note } from './util';

describe('packaged VSIX', () => {
  it('ships only what runs', async () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const vsix = path.join(root, 'tutor.vsix');
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    const files = (await listVsixEntries(vsix)).filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    for (const needed of ['package.json', 'readme.md', 'LICENSE.txt', 'dist/extension.js', 'dist/runtime.js', 'dist/tutor-assistants.js', 'dist/verifyMath.js', 'dist/codeInterpreterWorker.js', 'dist/pyodide/pyodide.asm.wasm', 'dist/webview.js', 'dist/sql-wasm.wasm', 'dist/katex/katex.min.css', 'media/chat.css', 'media/tutor.svg', 'media/icon.png', 'changelog.md', 'package.nls.json', 'package.nls.zh-cn.json']) {
      assert.ok(files.includes(needed), `${needed} is not in the VSIX (has: ${files.join(', ')})`);
    }
    const unwanted = files.filter((f) => /^(src|test|out|node_modules|samples|scripts|\.ci|\.vscode-test)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    assert.deepEqual(unwanted, []);
    note(`VSIX holds ${files.length} files`);
  });

  it('is ready for a listing: icon, links, banner, changelog, and a page whose images and links resolve', async () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const vsix = path.join(root, 'tutor.vsix');
    const manifest = (await readVsixEntry(vsix, 'extension.vsixmanifest')).toString('utf8');
    const property = (id: string) => new RegExp(`<Property Id="Microsoft\\.VisualStudio\\.Services\\.${id.replace(/\./g, '\\.')}" Value="([^"]+)"`).exec(manifest)?.[1];
    const repository = 'https://github.com/tutor-dev/tutor';
    assert.equal(property('Links.Source'), `${repository}.git`);
    assert.equal(property('Links.Support'), `${repository}/issues`);
    assert.equal(property('Links.Learn'), `${repository}#readme`);
    assert.match(property('Branding.Color') ?? '', /^#[0-9a-f]{6}$/i);
    assert.match(property('Branding.Theme') ?? '', /^(dark|light)$/);
    assert.match(manifest, /<Icon>extension\/media\/icon\.png<\/Icon>/);
    assert.match(manifest, /Type="Microsoft\.VisualStudio\.Services\.Content\.Changelog" Path="extension\/changelog\.md"/);

    // The Marketplace wants a PNG icon, 128×128: read from the PNG's own header (IHDR).
    const icon = await readVsixEntry(vsix, 'extension/media/icon.png');
    assert.equal(icon.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'the icon is a PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);

    const pkg = JSON.parse((await readVsixEntry(vsix, 'extension/package.json')).toString('utf8')) as Record<string, unknown>;
    for (const field of ['icon', 'repository', 'bugs', 'homepage', 'galleryBanner']) assert.ok(pkg[field], `package.json has ${field}`);

    // The listing page: every link and image either points outside or is a file of this repository
    // (vsce rewrote the relative ones against it), and no image is an SVG (the Marketplace refuses them).
    const page = (await readVsixEntry(vsix, 'extension/readme.md')).toString('utf8');
    const images = [...page.matchAll(/!\[[^\]]*\]\(([^)\s]+)|<img[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
    const links = [...page.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length > 0, 'the page shows the icon');
    for (const url of [...images, ...links]) {
      assert.match(url, /^(https:\/\/|#)/, `${url} is absolute (a relative link would not resolve on the Marketplace)`);
      const own = new RegExp(`^${repository}/(?:raw|blob)/HEAD/(.+)$`).exec(url);
      if (own) assert.ok(existsSync(path.join(root, decodeURI(own[1]!))), `${url} names ${own[1]}, which is not in the repository`);
    }
    for (const url of images) assert.doesNotMatch(url, /\.svg$/i);
    note(`listing page: ${images.length} image(s), ${links.length} link(s), all resolving`);
  });
});
