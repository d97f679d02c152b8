// screenshot.js URL OUT.png [WIDTHxHEIGHT] [SELECTOR]: a page as an e-reader
// shows it, scrolled to SELECTOR; uses the puppeteer that ace.sh installs and
// Debian's chromium. For looking at the output, not for assertions.
const path = require('path');
const ace = process.env.ACE_DIR || path.join(__dirname, '../../build/tools/ace');
const puppeteer = require(path.join(ace, 'node_modules/puppeteer'));
(async () => {
  const [url, out, size = '600x800', selector] = process.argv.slice(2);
  const [width, height] = size.split('x').map(Number);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  if (process.env.DARK) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await page.goto(url, { waitUntil: 'load' });
  if (selector) await page.$eval(selector, (el) => el.scrollIntoView());
  await page.screenshot({ path: out });
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
