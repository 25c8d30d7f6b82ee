// Time to a registration form a delegate can use, for a first visit on a slow phone: Debian's Chromium
// with 4x CPU throttling and a 1.6 Mbit/s, 150 ms RTT network (DevTools emulation), empty cache.
// usage: node first_interaction.mjs URL [runs]
// Prints, per run: when the form was shown (it works without script from then on) and when its island
// had started (inline errors without a reload), in milliseconds from navigation.
import { createRequire } from "node:module";
const require = createRequire(process.env.HOINGHI_NODE_MODULES + "/");
const { chromium } = require("playwright-core");

const [url, runs = "5"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-quic", "--no-first-run"],
});
const results = [];
for (let i = 0; i < Number(runs); i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const start = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector("form.stack button[type=submit]", { state: "visible" });
  const shown = Date.now() - start;
  await page.waitForSelector("form[data-enhanced]", { state: "attached", timeout: 60000 });
  const enhanced = Date.now() - start;
  results.push([shown, enhanced]);
  console.log(`run ${i + 1}: form shown ${shown} ms, island started ${enhanced} ms`);
  await context.close();
}
await browser.close();
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`median: form shown ${median(results.map((r) => r[0]))} ms, island started ${median(results.map((r) => r[1]))} ms`);
