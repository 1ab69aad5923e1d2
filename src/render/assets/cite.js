// "Cite this brief": makes the BibTeX, RIS and CSL-JSON records of the brief from its
// JSON-LD (<script type="application/ld+json">: title, address, authors, dates, publisher,
// summary, identifiers) and its record (<script type="application/json" data-cite-record>:
// the key, the terms, the site's title) into every element marked data-cite="bibtex|ris|csl";
// these records are the same bytes as Chancery's own writers make (its tests compare them). Then adds a "Copy" button after
// every element marked data-copy="name", and a "Download" button when it also has
// data-download="file name" (the record is saved as that file: no file is written per
// brief), and announces the result in the [data-copy-status] live region. Progressive
// enhancement: without JavaScript the plain reference stays readable and selectable, and
// the theme hides the empty record blocks.
(function () {
  "use strict";

  var MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  var BIB_WORDS = { "\\": "\\textbackslash{}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" };
  // What Rust's trim_end removes (Unicode White_Space; JavaScript's \s differs).
  var TRAILING_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

  function bibEscape(value) {
    return value.replace(/[&%$#_{}\\~^]/g, function (c) { return BIB_WORDS[c] || "\\" + c; });
  }

  function pad(n, width) {
    var text = String(n);
    while (text.length < width) text = "0" + text;
    return text;
  }

  // The record's date parts: [year, month?, day?].
  function dateParts(item) {
    return item.issued["date-parts"][0];
  }

  function iso(parts) {
    var text = pad(parts[0], 4);
    if (parts.length > 1) text += "-" + pad(parts[1], 2);
    if (parts.length > 2) text += "-" + pad(parts[2], 2);
    return text;
  }

  function names(item) {
    return (item.author || []).map(function (a) { return a.literal; });
  }

  function bibtex(record) {
    var item = record.csl;
    var parts = dateParts(item);
    var authors = names(item);
    // Institutional authors are double-braced so BibTeX does not split them into names.
    var author = record.organization
      ? (authors.length ? "{" + bibEscape(authors[0]) + "}" : "")
      : authors.map(bibEscape).join(" and ");
    var fields = [["title", "{" + bibEscape(item.title) + "}"]];
    if (author) fields.push(["author", author]);
    fields.push(["institution", bibEscape(item.publisher)]);
    fields.push(["type", "Policy brief"]);
    fields.push(["year", String(parts[0])]);
    if (parts.length > 1) fields.push(["month", MONTHS[(parts[1] - 1) % 12]]);
    if (item.number !== undefined) fields.push(["number", bibEscape(item.number)]);
    if (item["collection-title"] !== undefined) fields.push(["series", bibEscape(item["collection-title"])]);
    fields.push(["date", iso(parts)]);
    if (item.DOI !== undefined) fields.push(["doi", bibEscape(item.DOI)]);
    fields.push(["url", item.URL]);
    if (item.note !== undefined) fields.push(["note", item.note]);
    if (item.abstract !== undefined) fields.push(["abstract", bibEscape(item.abstract)]);
    fields.push(["howpublished", bibEscape(record.site)]);
    var lines = fields.map(function (f) {
      // Month macros (`apr`) go bare; everything else in braces.
      return "  " + f[0] + " = " + (f[0] === "month" ? f[1] : "{" + f[1] + "}");
    });
    return "@techreport{" + item.id + ",\n" + lines.join(",\n") + "\n}\n";
  }

  function ris(record) {
    var item = record.csl;
    var parts = dateParts(item);
    var lines = [["TY", "RPRT"]];
    names(item).forEach(function (n) { lines.push(["AU", n]); });
    lines.push(["TI", item.title]);
    lines.push(["T2", record.site]);
    lines.push(["PY", String(parts[0])]);
    lines.push(["DA", pad(parts[0], 4) + "/" + pad(parts[1] || 1, 2) + "/" + pad(parts[2] || 1, 2) + "/"]);
    lines.push(["PB", item.publisher]);
    if (item.number !== undefined) lines.push(["SN", item.number]);
    if (item["collection-title"] !== undefined) lines.push(["T3", item["collection-title"]]);
    if (item.DOI !== undefined) lines.push(["DO", item.DOI]);
    lines.push(["UR", item.URL]);
    if (item.abstract !== undefined) lines.push(["AB", item.abstract.replace(/\n/g, " ")]);
    record.keywords.forEach(function (k) { lines.push(["KW", k]); });
    if (item.note !== undefined) lines.push(["N1", item.note]);
    lines.push(["ER", ""]);
    return lines.map(function (l) { return (l[0] + "  - " + l[1]).replace(TRAILING_SPACE, "") + "\r\n"; }).join("");
  }

  function csl(record) {
    return JSON.stringify([record.csl]);
  }

  var MAKERS = { bibtex: bibtex, ris: ris, csl: csl };
  var MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  // "2022-04-15" as [2022, 4, 15] ("2022-04": [2022, 4]).
  function partsOf(iso) {
    return iso.split("-").map(function (n) { return parseInt(n, 10); });
  }

  // A date as Chancery shows it: "15 April 2022", "April 2022" or "2022".
  function display(iso) {
    var p = partsOf(iso);
    var text = String(p[0]);
    if (p.length > 1) text = MONTH_NAMES[p[1] - 1] + " " + text;
    if (p.length > 2) text = p[2] + " " + text;
    return text;
  }

  // The brief's CSL-JSON item, its keys in the order Chancery writes them (sorted).
  function cslItem(ld, rec) {
    var ids = {};
    (ld.identifier || []).forEach(function (i) { ids[i.propertyID] = i.value; });
    var authors = (ld.author || []).map(function (a) { return { literal: a.name }; });
    var item = {};
    if (ids.DOI !== undefined) item.DOI = ids.DOI;
    item.URL = ld.url;
    if (ld.description !== undefined) item.abstract = ld.description;
    if (authors.length) item.author = authors;
    if (ld.isPartOf) item["collection-title"] = ld.isPartOf.name;
    item.genre = "Policy brief";
    item.id = rec.id;
    item.issued = { "date-parts": [partsOf(ld.datePublished)] };
    item.language = ld.inLanguage;
    if (ld.dateModified !== undefined) item.note = "Updated " + display(ld.dateModified);
    if (ids["Report number"] !== undefined) item.number = ids["Report number"];
    item.publisher = ld.publisher.name;
    item.title = ld.headline;
    item.type = "report";
    return item;
  }

  // The records, into their elements, as the page showed them when it carried them: the
  // text trimmed, lines ending in LF.
  var data = document.querySelector("script[data-cite-record]");
  var linked = document.querySelector('script[type="application/ld+json"]');
  if (data && linked) {
    var record = null;
    try {
      var rec = JSON.parse(data.textContent);
      var ld = JSON.parse(linked.textContent);
      var organization = !!(ld.author && ld.author.length && ld.author[0]["@type"] === "Organization");
      record = { csl: cslItem(ld, rec), keywords: rec.keywords, organization: organization, site: rec.site };
    } catch (e) {
      record = null;
    }
    if (record) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-cite]"), function (el) {
        var make = MAKERS[el.getAttribute("data-cite")];
        if (!make) return;
        var text = make(record);
        el.citeRecord = text;
        (el.querySelector("code") || el).textContent = text.replace(/\r\n/g, "\n").trim();
      });
    }
  }

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

  // The file's text: the record this script made (RIS with CR LF, as written), ending in a
  // newline; else the element's own text (a theme's own record), RIS lines in CR LF.
  function fileText(el, fileName) {
    if (el.citeRecord !== undefined) return /\n$/.test(el.citeRecord) ? el.citeRecord : el.citeRecord + "\n";
    var text = el.textContent.replace(/\s+$/, "") + "\n";
    return /\.(bib|json)$/.test(fileName) ? text : text.replace(/\r?\n/g, "\r\n");
  }

  // The text a "Copy" button copies: the file's, lines ending in LF.
  function copyText(el, name) {
    if (name === "reference") return el.textContent.trim();
    if (el.citeRecord !== undefined) return fileText(el, "").replace(/\r\n/g, "\n");
    return el.textContent.replace(/\s+$/, "") + "\n";
  }

  // Saves `text` as the file `fileName` (no request: the bytes are the page's).
  function download(text, fileName) {
    var type = "application/x-research-info-systems";
    if (/\.bib$/.test(fileName)) type = "application/x-bibtex";
    else if (/\.json$/.test(fileName)) type = "application/vnd.citationstyles.csl+json";
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
      var text = copyText(el, name);
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
        download(fileText(el, fileName), fileName);
        announce("Downloaded " + fileName + ".");
      });
      bar.appendChild(save);
    }
    el.parentNode.insertBefore(bar, el.nextSibling);
  });
})();
