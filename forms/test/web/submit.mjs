// A cadre's browser against a running kampungkb: downloads a form, its manifest and media from the OpenRosa
// endpoint (the account's own Basic login; the server must be on this machine), fills the form with the ODK Web
// Forms engine in headless Chromium, and sends the submission the engine prepares (its `xml_submission_file`) to
// /openrosa/submission. Prints one JSON line: the engine's status, refused answers, the server's status and message.
//
//   node submit.mjs http://127.0.0.1:8080 USERNAME PASSWORD pk-keluarga '{"village_code": "…", …}'
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';

const [base, username, password, formId, answersJson] = process.argv.slice(2);
const auth = { Authorization: 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64'), 'X-OpenRosa-Version': '1.0' };
const get = async (url) => {
  const r = await fetch(url, { headers: auth });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r.text();
};
const tags = (xml, name) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1].replaceAll('&amp;', '&'));

const list = await get(`${base}/openrosa/formList`);
const entry = list.split('<xform>').slice(1).find((x) => tags(x, 'formID')[0] === formId);
if (!entry) throw new Error(`${formId} is not in the form list: ${list}`);
const formXml = await get(tags(entry, 'downloadUrl')[0]);
const media = {};
const manifestUrl = tags(entry, 'manifestUrl')[0];
if (manifestUrl) {
  const manifest = await get(manifestUrl);
  const names = tags(manifest, 'filename');
  const urls = tags(manifest, 'downloadUrl');
  for (let k = 0; k < names.length; k++) media[names[k]] = await get(urls[k]);
}

const server = http.createServer((req, res) => {
  if (req.url === '/bundle.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(readFileSync(new URL('./bundle.js', import.meta.url))); return; }
  res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><script type="module" src="/bundle.js"></script>');
}).listen(0, '127.0.0.1');
await new Promise((ok) => server.once('listening', ok));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => typeof window.fillForm === 'function');
  const out = await page.evaluate(([x, m, a]) => window.fillForm(x, m, a), [formXml, media, JSON.parse(answersJson)]);
  const body = new FormData();
  body.append('xml_submission_file', new Blob([out.xml], { type: 'text/xml' }), 'submission.xml');
  const r = await fetch(`${base}/openrosa/submission`, { method: 'POST', headers: auth, body });
  const text = await r.text();
  console.log(JSON.stringify({ engine: out.status, refusals: out.refusals, status: r.status, message: (text.match(/<message[^>]*>([^<]*)</) || [])[1] ?? text }));
} finally {
  await browser.close();
  server.close();
}
