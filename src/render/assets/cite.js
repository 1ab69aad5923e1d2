// "Cite this brief": adds a "Copy" button after every element marked data-copy="name", and a
// "Download" button when it also has data-download="file name" (the record on the page is
// saved as that file: no file is written per brief), and announces the result in the
// [data-copy-status] live region. Progressive enhancement: without JavaScript there are no
// buttons and the citations stay readable and selectable.
(function () {
  "use strict";
  var targets = document.querySelectorAll("[data-copy]");
  if (!targets.length) return;
  var status = document.querySelector("[data-copy-status]");

  function announce(message) {
    if (!status) return;
    // Clear first so that the same message twice in a row is announced again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 60);
  }

  function select(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Older browsers and pages not served over HTTPS have no navigator.clipboard: select the
  // text and try the legacy copy command; if that fails too, leave it selected for the reader.
  function fallback(el) {
    select(el);
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  // A button reading `text`, with `name` after it for screen readers only.
  function makeButton(text, name) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    var label = document.createElement("span");
    label.textContent = text;
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + name;
    button.appendChild(label);
    button.appendChild(hidden);
    return button;
  }

  function recordText(el) {
    return el.textContent.replace(/\s+$/, "") + "\n";
  }

  // Saves `text` as the file `fileName` (no request: the bytes are the page's).
  function download(text, fileName) {
    var type = "application/x-research-info-systems";
    if (/\.bib$/.test(fileName)) type = "application/x-bibtex";
    else if (/\.json$/.test(fileName)) type = "application/vnd.citationstyles.csl+json";
    // RIS lines end in CR LF (the page's text has LF only).
    else text = text.replace(/\r?\n/g, "\r\n");
    var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  Array.prototype.forEach.call(targets, function (el) {
    var name = el.getAttribute("data-copy");
    var button = makeButton("Copy", name);
    var label = button.firstChild;
    var timer = null;

    function copied() {
      label.textContent = "Copied";
      button.classList.add("is-copied");
      announce("Copied " + name + " to the clipboard.");
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        label.textContent = "Copy";
        button.classList.remove("is-copied");
      }, 2000);
    }

    function failed() {
      if (fallback(el)) {
        copied();
      } else {
        announce("The " + name + " text is selected: press Ctrl+C (or Command+C) to copy it.");
      }
    }

    button.addEventListener("click", function () {
      var text = recordText(el);
      if (name === "reference") text = el.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(copied, failed);
      } else {
        failed();
      }
    });

    var bar = document.createElement("div");
    bar.className = "copy-bar";
    bar.appendChild(button);
    var fileName = el.getAttribute("data-download");
    if (fileName && window.Blob && window.URL && URL.createObjectURL) {
      var save = makeButton("Download", name + " (" + fileName + ")");
      save.addEventListener("click", function () {
        download(recordText(el), fileName);
        announce("Downloaded " + fileName + ".");
      });
      bar.appendChild(save);
    }
    el.parentNode.insertBefore(bar, el.nextSibling);
  });
})();
