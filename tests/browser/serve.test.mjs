// Browser test of the preview server: a brief page open in a real Chromium updates by
// itself after its file changes, shows the error overlay after a broken edit, and clears
// it after the fix. Usage: node tests/browser/serve.test.mjs PATH/TO/chancery

import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { chromiumArgs, steps } from "./lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const binary = path.resolve(process.argv[2] || path.join(repo, "target/release/chancery"));
const { step, finish } = steps();

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const site = fs.mkdtempSync(path.join(os.tmpdir(), "chancery-browser-"));
fs.cpSync(path.join(repo, "tests/fixtures/basic"), site, { recursive: true });
fs.cpSync(path.join(repo, "themes"), path.join(site, "themes"), { recursive: true });
const briefPath = path.join(site, "content/briefs/alpha.md");
const original = fs.readFileSync(briefPath, "utf8");

const port = await freePort();
const server = spawn(binary, ["serve", "--root", site, "--port", String(port)], {
  env: { ...process.env, NO_COLOR: "1", CHANCERY_LOG: "info" },
  stdio: ["ignore", "ignore", "pipe"],
});
let log = "";
server.stderr.on("data", (d) => (log += d));
const base = `http://127.0.0.1:${port}/`;

async function waitForServer() {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(base);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`serve did not start:\n${log}`);
}

// Editors save by writing a temporary file and renaming it over the original.
function save(text) {
  const tmp = briefPath + ".tmp~";
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, briefPath);
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
try {
  await waitForServer();
  const page = await browser.newPage();
  await page.goto(base + "briefs/alpha/");

  await step("an open brief page updates by itself after its file changes", async () => {
    await page.evaluate(() => (window.__notReloaded = true));
    save(original.replace("title: Alpha brief on markdown features", "title: Alpha brief, edited live"));
    await page.waitForFunction(
      () => document.querySelector("h1") && document.querySelector("h1").textContent.includes("edited live"),
      null,
      { timeout: 20000 },
    );
    const reloaded = await page.evaluate(() => window.__notReloaded === undefined);
    if (!reloaded) throw new Error("the heading changed without a reload");
  });

  await step("a broken edit shows the error overlay naming the file and line", async () => {
    save("---\ntitle: Alpha\ndate: 2023-01-10\nsummary: [unclosed\n---\nBody\n");
    await page.waitForSelector("#chancery-overlay", { state: "visible", timeout: 20000 });
    // The overlay keeps its content in a shadow root, out of reach of the theme's CSS.
    const text = await page.$eval("#chancery-overlay", (el) => (el.shadowRoot || el).textContent);
    if (!text.includes("alpha.md")) throw new Error(`overlay does not name the file: ${text}`);
    if (!/alpha\.md:\d+/.test(text)) throw new Error(`overlay does not give the line: ${text}`);
  });

  await step("the last good page is still served while the error stands", async () => {
    const r = await fetch(base + "briefs/alpha/");
    const body = await r.text();
    if (r.status !== 200 || !body.includes("edited live")) throw new Error(`status ${r.status}`);
  });

  await step("after the fix the overlay goes away and the page shows the fix", async () => {
    save(original.replace("title: Alpha brief on markdown features", "title: Alpha brief, fixed"));
    await page.waitForFunction(
      () => !document.getElementById("chancery-overlay") && document.querySelector("h1").textContent.includes("fixed"),
      null,
      { timeout: 20000 },
    );
  });
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(site, { recursive: true, force: true });
}

const code = finish();
if (code) console.log(log);
process.exit(code);
