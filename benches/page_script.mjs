// Which script files each page makes the browser download, found by loading it in Debian's Chromium and
// waiting until its islands (lazy ones too) are awake. The organizers' islands are split off into
// WebAssembly of their own that only their pages fetch, so reading the page's HTML is not enough.
// usage: node page_script.mjs COOKIES URL...   (COOKIES: "name=value; name=value", or "")
// Prints a line per page: the URL, then the /pkg/ files fetched (.js and .wasm), tab-separated.
import { createRequire } from "node:module";
const require = createRequire(process.env.HOINGHI_NODE_MODULES + "/");
const { chromium } = require("playwright-core");

const [cookies, ...urls] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-quic", "--no-first-run"],
});
let failed = false;
for (const url of urls) {
  const context = await browser.newContext();
  const jar = cookies.split(";").map((c) => c.trim()).filter(Boolean).map((c) => {
    const i = c.indexOf("=");
    return { name: c.slice(0, i), value: c.slice(i + 1), url };
  });
  if (jar.length) await context.addCookies(jar);
  const page = await context.newPage();
  const files = new Set();
  page.on("request", (req) => {
    const path = new URL(req.url()).pathname;
    if (path.startsWith("/pkg/") && /\.(js|wasm)$/.test(path)) files.add(path.slice("/pkg/".length));
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") { failed = true; console.error(`${url}: console error: ${msg.text()}`); }
    // A preload the page did not use means a file downloaded twice or for nothing.
    if (msg.type() === "warning" && /preload/i.test(msg.text())) console.error(`${url}: ${msg.text()}`);
  });
  await page.goto(url, { waitUntil: "load" });
  if (await page.locator("leptos-island").count()) {
    await page.waitForSelector("html[data-hydrated]", { state: "attached", timeout: 30000 });
  }
  console.log([url, ...files].join("\t"));
  await context.close();
}
await browser.close();
process.exit(failed ? 1 : 0);
