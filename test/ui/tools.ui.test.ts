import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChatBody } from '../../harness/fakeModel';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { tutorCommand, ui, withoutIcons } from './uiText';
import { knowledgeIndexed } from './userActions';
import { askFromPalette, chatFrame, openWorkbench, runFromPalette, screenshot, screenshotIfFailed, type Workbench } from './workbench';

/** Python (standard library only) that draws a 4×3 PNG into /mnt/data and prints a result. */
const PLOT_CODE = [
  'import struct, zlib',
  'def chunk(kind, data):',
  '    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)',
  'rows = b"".join(b"\\x00" + b"\\xff\\x80\\x00" * 4 for _ in range(3))',
  'png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")',
  'open("/mnt/data/plot.png", "wb").write(png)',
  'x = (14 - 11) / 3',
  'print(f"x = {x}")',
].join('\n');

/** The tool result the runtime sent back for a call, read from the model's next request. */
function toolResult(body: ChatBody, callId: string): string {
  const m = (body.messages as { role: string; tool_call_id?: string; content: string }[]).find((x) => x.role === 'tool' && x.tool_call_id === callId);
  return m?.content ?? '';
}

describe('Tutor\'s tools in the browser (code-server + Chromium, packaged VSIX, real Pyodide)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fake: FakeModel;

  before(async () => {
    fake = await startFakeModel();
    wb = await openWorkbench({ 'tutor.provider': 'custom', 'tutor.providerUrl': fake.url, 'tutor.model': 'fake-model' });
    writeFileSync(path.join(wb.workspace, 'series.md'), '# Series\n\nIntro line.\n\nThe geometric series 1 + r + r^2 + … converges to 1/(1 − r) when |r| < 1.\n');
  });
  afterEach(async function () {
    if (wb) await screenshotIfFailed(this, wb.page, `ui-tools`);
  });
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('shows the code, its output and the image the interpreter made, inline in the answer', async () => {
    const { page } = wb;
    fake.script({ toolCalls: [{ id: 'call_plot', name: 'python', arguments: JSON.stringify({ code: PLOT_CODE }) }] }, { text: ['The solution is $x = 1$; the plot is above.'] });
    await askFromPalette(page, 'Solve 3x + 11 = 14 with Python and draw something.');
    const frame = chatFrame(page);
    const card = frame.locator('.tool-call', { hasText: 'x = 1.0' });
    await card.waitFor({ timeout: 120_000 });
    const image = card.locator('img');
    await image.waitFor({ timeout: 30_000 });
    const size = await image.evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight, src: img.src.slice(0, 22) }));
    assert.deepEqual(size, { w: 4, h: 3, src: 'data:image/png;base64,' });
    await card.locator('summary').first().click();
    const code = card.locator('pre code').first();
    await code.waitFor();
    assert.match(await code.innerText(), /open\("\/mnt\/data\/plot\.png", "wb"\)/);
    assert.ok((await code.locator('span[class^="hljs-"]').count()) > 0, 'the code is highlighted');
    await frame.locator('.entry.assistant', { hasText: 'the plot is above' }).locator('.katex').first().waitFor();
    await screenshot(page, 'ui-tools-code-interpreter');
  });

  it('adds workspace files to knowledge from the palette, cites them, and a citation chip opens the file at the passage', async () => {
    const { page } = wb;
    await runFromPalette(page, tutorCommand('command.addFilesToKnowledge.title'));
    const pick = page.locator('.quick-input-widget');
    await pick.getByText(withoutIcons(ui('$(search) Match a glob…')), { exact: false }).first().click();
    const box = page.locator('.quick-input-widget input');
    await box.waitFor({ state: 'visible' });
    await box.fill('**/*.md');
    await box.press('Enter');
    await page.locator('.notifications-toasts', { hasText: knowledgeIndexed() }).waitFor({ timeout: 60_000 });

    let marker = '';
    fake.script(
      { toolCalls: [{ id: 'call_search', name: 'file_search', arguments: JSON.stringify({ queries: ['geometric series converges'] }) }] },
      {
        respond: (body) => {
          marker = /【[^】]*series\.md】/.exec(toolResult(body, 'call_search'))?.[0] ?? '';
          return { text: [`It converges when |r| < 1 ${marker}.`] };
        },
      },
    );
    const frame = chatFrame(page);
    const question = frame.getByRole('textbox', { name: ui('Your question') });
    await question.fill('When does a geometric series converge?');
    await question.press('Enter');
    const chip = frame.locator('.entry.assistant').last().locator('.citation-chip');
    await chip.first().waitFor({ timeout: 60_000 });
    assert.match(marker, /series\.md/, 'file search found series.md');
    assert.equal(await chip.first().getAttribute('title'), 'series.md');
    assert.ok(!(await frame.locator('.entry.assistant').last().innerText()).includes('†'), 'the marker text is replaced by the chip');
    await chip.first().click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'series.md' });
    await tab.waitFor({ timeout: 30_000 });
    // Opened at the passage: the cited line is selected in the editor.
    await page.locator('.monaco-editor .selected-text').first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'ui-tools-citation-opened');
  });
});
