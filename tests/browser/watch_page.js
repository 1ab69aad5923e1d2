// Manual browser check of live reload and the error overlay (not run by `cargo test`).
//
// Drives a headless Chromium over the DevTools protocol and prints, every 500 ms, the
// page's title, the build it was served from and whether the error overlay is shown.
// Edit, break and fix a brief meanwhile and watch the page follow.
//
//   chancery serve --root tests/fixtures/basic --port 1111 &
//   chromium --headless=new --no-sandbox --remote-debugging-port=9333 about:blank &
//   node --experimental-websocket tests/browser/watch_page.js 9333 http://127.0.0.1:1111/briefs/alpha/ 10
"use strict";
const [devtoolsPort, url, seconds] = process.argv.slice(2);

(async () => {
  const targets = await (await fetch(`http://127.0.0.1:${devtoolsPort}/json/list`)).json();
  const ws = new WebSocket(targets.find((t) => t.type === "page").webSocketDebuggerUrl);
  let id = 0;
  const pending = new Map();
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  ws.onmessage = (m) => {
    const d = JSON.parse(m.data);
    if (pending.has(d.id)) {
      pending.get(d.id)(d.result);
      pending.delete(d.id);
    }
  };
  await new Promise((resolve) => (ws.onopen = resolve));
  await send("Page.navigate", { url });
  const expression =
    "[document.title, (document.querySelector('[data-chancery-build]') || {dataset: {}}).dataset.chanceryBuild," +
    " !!document.getElementById('chancery-overlay')].join(' | ')";
  const started = Date.now();
  while (Date.now() - started < Number(seconds) * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const r = await send("Runtime.evaluate", { expression, returnByValue: true });
    console.log(((Date.now() - started) / 1000).toFixed(1), "title | build | overlay:", r && r.result && r.result.value);
  }
  process.exit(0);
})();
