// Model output that tries to run script, load remote content or navigate the webview
// (xss.ui.test.ts). A payload that executes sets `window.__pwned` (directly or via the page's
// alert/confirm traps); a request that escapes shows as a CSP violation or a stray request.

export interface XssCase {
  name: string;
  markdown: string;
}

const PWN = 'window.__pwned=1';

export const xssCorpus: XssCase[] = [
  // Raw HTML (html: false shows it as text)
  { name: 'script tag', markdown: `<script>${PWN}</script>` },
  { name: 'img onerror', markdown: `<img src=x onerror="${PWN}">` },
  { name: 'svg onload', markdown: `<svg onload="${PWN}"><circle r=1 /></svg>` },
  { name: 'svg script', markdown: `<svg><script>${PWN}</script></svg>` },
  { name: 'iframe javascript:', markdown: `<iframe src="javascript:${PWN}"></iframe>` },
  { name: 'anchor javascript:', markdown: `<a href="javascript:${PWN}">click</a>` },
  { name: 'object and embed', markdown: `<object data="javascript:${PWN}"></object><embed src="javascript:${PWN}">` },
  { name: 'form action', markdown: `<form action="javascript:${PWN}"><button>go</button></form>` },
  { name: 'details ontoggle', markdown: `<details open ontoggle="${PWN}"><summary>x</summary></details>` },
  { name: 'mXSS math/style', markdown: `<math><mtext><table><mglyph><style><img src=x onerror="${PWN}">` },
  { name: 'HTML inside a list item', markdown: `- <img src=x onerror="${PWN}">\n- ok` },
  // Markdown links and images
  { name: 'markdown javascript: link', markdown: `[x](javascript:${PWN})` },
  { name: 'mixed-case scheme', markdown: `[x](JaVaScRiPt:${PWN})` },
  { name: 'entity-encoded colon', markdown: `[x](javascript&#58;${PWN})` },
  { name: 'entity-encoded scheme letter', markdown: `[x](&#106;avascript:${PWN})` },
  { name: 'percent-encoded scheme', markdown: `[x](%6Aavascript:${PWN})` },
  { name: 'vbscript: link', markdown: '[x](vbscript:msgbox(1))' },
  { name: 'data:text/html link', markdown: '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)' },
  { name: 'javascript: autolink', markdown: `<javascript:${PWN}>` },
  { name: 'reference link defined before use', markdown: `[ref]: javascript:${PWN}\n\n[click][ref]` },
  { name: 'reference link in one block', markdown: `[click][ref]\n\n[ref]: javascript:${PWN}` },
  { name: 'attribute breakout in a link', markdown: `[x](https://example.com/" onclick="${PWN})` },
  { name: 'attribute breakout in a title', markdown: `[x](https://example.com/ "a\\" onmouseover=\\"${PWN}")` },
  { name: 'javascript: image', markdown: `![x](javascript:${PWN})` },
  { name: 'image src breakout', markdown: `![x](x" onerror="${PWN})` },
  { name: 'data:text/html image', markdown: `![x](data:text/html,<script>${PWN}</script>)` },
  { name: 'data:image/svg+xml image', markdown: `![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)` },
  { name: 'remote image (tracking pixel)', markdown: '![pixel](http://198.51.100.7/track.png)' },
  { name: 'linkify with HTML in the URL', markdown: `see http://example.com/?q=<img src=x onerror="${PWN}">` },
  { name: 'fuzzy link with script', markdown: `www.example.com/<script>${PWN}</script>` },
  // Entities
  { name: 'entity-encoded script', markdown: `&lt;script&gt;${PWN}&lt;/script&gt;` },
  { name: 'numeric entities img', markdown: `&#60;img src=x onerror=${PWN}&#62;` },
  // CSS
  { name: 'style element', markdown: '<style>body{background:url("http://198.51.100.7/x")}</style>' },
  { name: 'style attribute with url()', markdown: `<div style="background:url(javascript:${PWN})">x</div>` },
  // KaTeX
  { name: 'KaTeX \\href javascript:', markdown: `$\\href{javascript:${PWN}}{click}$` },
  { name: 'KaTeX \\url javascript:', markdown: `$\\url{javascript:${PWN}}$` },
  { name: 'KaTeX \\href in display math', markdown: `$$\\href{javascript:${PWN}}{x}$$` },
  { name: 'KaTeX \\href in \\( \\)', markdown: `\\(\\href{javascript:${PWN}}{x}\\)` },
  { name: 'KaTeX \\htmlClass / \\htmlData', markdown: `$\\htmlClass{x" onclick="${PWN}}{y} \\htmlData{onclick=${PWN}}{z}$` },
  { name: 'KaTeX \\htmlStyle url()', markdown: '$\\htmlStyle{background:url(http://198.51.100.7/x)}{x}$' },
  { name: 'KaTeX \\includegraphics', markdown: '$\\includegraphics{http://198.51.100.7/x.png}$' },
  { name: 'KaTeX \\color injection', markdown: '$\\color{red;background:url(http://198.51.100.7/x)}{x}$' },
  { name: 'KaTeX \\text with HTML', markdown: `$\\text{<img src=x onerror="${PWN}">}$` },
  { name: 'math next to HTML', markdown: `$x$<img src=x onerror="${PWN}">` },
  // Scheme obfuscation: whitespace, control characters, entities, Unicode
  { name: 'tab-split scheme', markdown: `[x](java\tscript:${PWN})` },
  { name: 'entity tab in scheme', markdown: `[x](java&#9;script:${PWN})` },
  { name: 'entity newline in scheme', markdown: `[x](java&#x0A;script:${PWN})` },
  { name: 'hex-entity scheme', markdown: `[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;${PWN})` },
  { name: 'leading control character', markdown: `[x](\u0001javascript:${PWN})` },
  { name: 'angle-bracket destination', markdown: `[x](<javascript:${PWN}>)` },
  { name: 'javascript:// comment trick', markdown: '[x](javascript://%0aalert(1))' },
  { name: 'upper-case data: link', markdown: '[x](DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)' },
  { name: 'reference link with a title', markdown: `[go][r]\n\n[r]: javascript:${PWN} "title"` },
  { name: 'image inside a javascript: link', markdown: `[![x](data:image/png;base64,iVBORw0KGgo=)](javascript:${PWN})` },
  { name: 'upper-case autolink', markdown: '<JAVASCRIPT:alert(1)>' },
  // More raw HTML (shown as text; DOMPurify and the CSP behind it)
  { name: 'svg a xlink:href', markdown: `<svg><a xlink:href="javascript:${PWN}"><text y="20">x</text></a></svg>` },
  { name: 'svg animate href', markdown: `<svg><a><animate attributeName="href" values="javascript:${PWN}"/><text y="20">x</text></a></svg>` },
  { name: 'meta refresh', markdown: `<meta http-equiv="refresh" content="0;url=javascript:${PWN}">` },
  { name: 'base href', markdown: '<base href="http://198.51.100.7/">[rel](x.html)' },
  { name: 'link stylesheet', markdown: '<link rel="stylesheet" href="http://198.51.100.7/x.css">' },
  { name: 'style @import', markdown: '<style>@import url("http://198.51.100.7/x.css");</style>' },
  { name: 'style expression()', markdown: `<div style="width:expression(${PWN})">x</div>` },
  { name: 'input autofocus onfocus', markdown: `<input autofocus onfocus="${PWN}">` },
  { name: 'noscript mXSS', markdown: `<noscript><p title="</noscript><img src=x onerror=${PWN}>">` },
  { name: 'audio and video onerror', markdown: `<audio src=x onerror="${PWN}"></audio><video><source onerror="${PWN}"></video>` },
  // More KaTeX trust tricks (trust is off: these must stay inert)
  { name: 'KaTeX \\href data:', markdown: '$\\href{data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==}{x}$' },
  { name: 'KaTeX \\htmlId', markdown: `$\\htmlId{x" onmouseover="${PWN}}{y}$` },
  { name: 'KaTeX \\htmlData href', markdown: `$\\htmlData{href=javascript:${PWN}}{x}$` },
  { name: 'KaTeX \\includegraphics javascript:', markdown: `$\\includegraphics[height=1em]{javascript:${PWN}}$` },
  // Code stays code
  { name: 'HTML in a code block', markdown: `\`\`\`html\n<script>${PWN}</script>\n<img src=x onerror="${PWN}">\n\`\`\`` },
  { name: 'HTML in a code span', markdown: `\`<img src=x onerror="${PWN}">\`` },
];
