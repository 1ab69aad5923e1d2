// Chancery live reload: injected by `chancery serve` into the HTML pages it serves, never
// written by `chancery build`. Listens on a Server-Sent Events stream; reloads the page
// after a good rebuild, lays an error overlay over it after a failed one (replacing the
// `#chancery-overlay` a page served during a failure already carries).
(function () {
  "use strict";
  if (!window.EventSource || window.__chanceryLiveReload) return;
  window.__chanceryLiveReload = true;
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-chancery-build") : null;
  var ID = "chancery-overlay";

  function clear() {
    var old = document.getElementById(ID);
    if (old && old.parentNode) old.parentNode.removeChild(old);
  }

  function show(html) {
    clear();
    var box = document.createElement("div");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.style.cssText =
      "all:initial;position:fixed;top:0;right:0;bottom:0;left:0;z-index:2147483647;" +
      "overflow:auto;padding:2em;background:#1a0505;color:#fff;text-align:left";
    // A shadow root keeps the theme's CSS off the overlay; the HTML is escaped by the server.
    var root = box.attachShadow ? box.attachShadow({ mode: "open" }) : box;
    root.innerHTML = html;
    (document.body || document.documentElement).appendChild(box);
  }

  function reloadIfNewer(e) {
    if (build !== null && e.data !== build) window.location.reload();
  }

  var source = new EventSource("/__chancery/livereload");
  source.addEventListener("hello", reloadIfNewer);
  source.addEventListener("reload", function (e) {
    clear();
    reloadIfNewer(e);
  });
  source.addEventListener("build-error", function (e) {
    show(e.data);
  });
})();
