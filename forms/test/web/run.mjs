import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';
const [formFile, mediaDir, answersJson] = process.argv.slice(2);
const media = Object.fromEntries(readdirSync(mediaDir).map((f) => [f, readFileSync(`${mediaDir}/${f}`, 'utf8')]));
const server = http.createServer((req, res) => {
  if (req.url === '/bundle.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(readFileSync(new URL('./bundle.js', import.meta.url))); return; }
  res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><script type="module" src="/bundle.js"></script>');
}).listen(0);
const port = server.address().port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
await page.goto(`http://127.0.0.1:${port}/`);
await page.waitForFunction(() => typeof window.fillForm === 'function');
const out = await page.evaluate(([x, m, a]) => window.fillForm(x, m, a), [readFileSync(formFile, 'utf8'), media, JSON.parse(answersJson)]);
console.log(JSON.stringify({ status: out.status, refusals: out.refusals }));
console.log(out.xml);
await browser.close(); server.close();
