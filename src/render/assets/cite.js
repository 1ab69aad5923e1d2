// "Cite this brief": adds a "Copy" button after every element marked data-copy="name" and
// announces the result in the [data-copy-status] live region. Progressive enhancement:
// without JavaScript there are no buttons and the citations stay readable and selectable.
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

  Array.prototype.forEach.call(targets, function (el) {
    var name = el.getAttribute("data-copy");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    var label = document.createElement("span");
    label.textContent = "Copy";
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + name;
    button.appendChild(label);
    button.appendChild(hidden);
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
      var text = el.textContent.replace(/\s+$/, "") + "\n";
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
    el.parentNode.insertBefore(bar, el.nextSibling);
  });
})();
