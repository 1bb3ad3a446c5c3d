// The steward's workspace (/steward): check, preview, publish, versions and rollbacks.
// Plain script, no library. The token lives in this tab's sessionStorage only and goes out
// in the Authorization header of fetch(); never in an address, a cookie or a log.
(function () {
  "use strict";

  var TOKEN_KEY = "coopgraph-steward-token";
  var IDENTIFIER_BASE = "https://w3id.org/coopgraph/id/";
  var TYPES = {
    ttl: "text/turtle", nt: "application/n-triples", jsonld: "application/ld+json",
    json: "application/ld+json", rdf: "application/rdf+xml", xml: "application/rdf+xml",
    owl: "application/rdf+xml", trig: "application/trig", nq: "application/n-quads",
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    csv: "text/csv", zip: "application/zip"
  };
  var root, words, site, lang;

  function $(id) { return document.getElementById(id); }

  function say(name, values) {
    var text = words[name] || name;
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function element(tag, text, className) {
    var made = document.createElement(tag);
    if (text !== undefined && text !== null) { made.textContent = String(text); }
    if (className) { made.className = className; }
    return made;
  }

  function token() { return window.sessionStorage.getItem(TOKEN_KEY) || ""; }

  function showTokenState() {
    $("token-status").textContent = say(token() ? "token_kept" : "token_none");
  }

  function territoryPath() {
    var named = $("territory").value.trim();
    if (named.indexOf(IDENTIFIER_BASE) === 0) { named = named.slice(IDENTIFIER_BASE.length); }
    if (named.indexOf("id:") === 0) { named = named.slice(3); }
    return named.split("/").filter(Boolean).map(encodeURIComponent).join("/");
  }

  function chosenDocument() {
    var files = $("file").files;
    if (files && files.length) {
      var suffix = files[0].name.split(".").pop().toLowerCase();
      return { body: files[0], type: TYPES[suffix] || "application/octet-stream" };
    }
    var text = $("text").value;
    return text.trim() ? { body: text, type: "text/turtle" } : null;
  }

  function tell(text, kind, detail) {
    var box = $("outcome");
    box.textContent = "";
    var message = element("p", text, "message " + (kind || ""));
    if (detail) { message.appendChild(element("span", detail, "detail")); }
    box.appendChild(message);
  }

  function refuse(answer) {
    var name = "error_" + answer.status;
    var detail = answer.json && typeof answer.json.detail === "string" ? answer.json.detail : "";
    tell(say(words[name] ? name : "error_other"), "error", detail);
  }

  function send(method, path, query, documentToSend, withToken) {
    var headers = { "Accept": "application/json" };
    if (withToken && token()) { headers.Authorization = "Bearer " + token(); }
    if (documentToSend) { headers["Content-Type"] = documentToSend.type; }
    var search = new URLSearchParams(query || {});
    search.set("lang", lang);
    var options = { method: method, headers: headers, credentials: "omit" };
    if (documentToSend) { options.body = documentToSend.body; }
    return fetch(site + path + "?" + search.toString(), options).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (error) { parsed = null; }
        return { status: response.status, json: parsed, headers: response.headers };
      });
    });
  }

  function busy(work) {
    var buttons = root.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    tell(say("busy"));
    return work().catch(function () { tell(say("error_network"), "error"); })
      .then(function () { buttons.forEach(function (button) { button.disabled = false; }); });
  }

  function localName(iri) {
    if (!iri) { return ""; }
    var cut = Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"));
    return cut >= 0 ? iri.slice(cut + 1) : iri;
  }

  function whereOf(result) {
    if (!result.line) { return result.source || ""; }
    var where = (result.source ? result.source + ", " : "") + say("line") + " " + result.line;
    return result.column ? where + ", " + say("column") + " " + result.column : where;
  }

  function row(cells, tag) {
    var line = element("tr");
    cells.forEach(function (cell) {
      var made = element(tag || "td", cell.text, cell.className);
      line.appendChild(made);
    });
    return line;
  }

  function showReport(report) {
    var place = $("report");
    place.textContent = "";
    place.appendChild(element("h3", say("report_heading")));
    var verdict = say(report.conforms ? "conforms" : "fails") + " — " + say("counts", report.counts);
    place.appendChild(element("p", verdict, report.conforms ? "verdict done" : "verdict"));
    if (!report.results || !report.results.length) { return; }
    var table = element("table");
    table.id = "report-table";
    var head = ["severity", "where", "resource", "property", "value", "message"];
    table.appendChild(row(head.map(function (name) { return { text: say(name) }; }), "th"));
    report.results.forEach(function (result) {
      table.appendChild(row([
        { text: say(result.severity), className: result.severity },
        { text: whereOf(result), className: "where" },
        { text: result.focusLabel || result.focusNode },
        { text: localName(result.path) },
        { text: result.value || "" },
        { text: result.message, className: "result-message" }
      ]));
    });
    place.appendChild(table);
  }

  function check() {
    var chosen = chosenDocument();
    if (!chosen) { tell(say("no_data"), "error"); return Promise.resolve(); }
    return send("POST", "/validate", { format: "json" }, chosen, false).then(function (answer) {
      if (answer.status !== 200 || !answer.json) { refuse(answer); return; }
      showReport(answer.json);
      tell(say(answer.json.conforms ? "conforms" : "fails"), answer.json.conforms ? "done" : "");
    });
  }

  function termText(term) {
    if (term.kind === "literal") { return "« " + term.label + " »"; }
    return term.label;
  }

  function changeList(kind, items, describe) {
    if (!items.length) { return null; }
    var section = element("div");
    section.id = "changes-" + kind;
    section.appendChild(element("h4", say(kind) + " (" + items.length + ")", kind));
    var list = element("ul");
    items.forEach(function (item) { list.appendChild(element("li", describe(item), kind)); });
    section.appendChild(list);
    return section;
  }

  function showChanges(found) {
    var place = $("changes");
    place.textContent = "";
    place.appendChild(element("h3", say("preview_heading")));
    var against = found.version ? say("preview_against", { version: found.version })
      : say("preview_first");
    place.appendChild(element("p", against + " " + say("preview_kept")));
    var plain = function (item) {
      return termText(item.subject) + " — " + termText(item.predicate) + " : " +
        termText(item.object);
    };
    var changed = function (item) {
      return termText(item.subject) + " — " + termText(item.predicate) + " : " +
        termText(item.before) + " " + say("becomes") + " " + termText(item.after);
    };
    var parts = [changeList("added", found.added, plain), changeList("removed", found.removed,
      plain), changeList("changed", found.changed, changed)].filter(Boolean);
    if (!parts.length) { place.appendChild(element("p", say("preview_nothing"))); }
    parts.forEach(function (part) { place.appendChild(part); });
  }

  function needed() {
    var chosen = chosenDocument();
    if (!territoryPath()) { tell(say("no_territory"), "error"); return null; }
    if (!chosen) { tell(say("no_data"), "error"); return null; }
    return chosen;
  }

  function preview() {
    var chosen = needed();
    if (!chosen) { return Promise.resolve(); }
    var path = "/territories/" + territoryPath() + "/preview";
    return send("POST", path, {}, chosen, true).then(function (answer) {
      if (answer.status !== 200 || !answer.json) { refuse(answer); return; }
      showChanges(answer.json);
      var verdict = answer.json.conforms ? "conforms" : "fails";
      tell(say("preview_kept") + " " + say(verdict), answer.json.conforms ? "done" : "");
    });
  }

  function publish() {
    var chosen = needed();
    if (!chosen) { return Promise.resolve(); }
    var query = { territory: territoryPath(), format: "json" };
    return send("POST", "/submissions", query, chosen, true).then(function (answer) {
      if (answer.status === 422 && answer.json) {
        showReport(answer.json);
        tell(say("not_published"), "error");
        return;
      }
      if (answer.status !== 201) { refuse(answer); return; }
      showReport(answer.json);
      return loadVersions().then(function (versions) {
        var newest = versions.length ? versions[versions.length - 1].version : "?";
        tell(say("published", { version: newest }), "done");
      });
    });
  }

  function showDiff(number, cell) {
    var path = "/territories/" + territoryPath() + "/diff";
    return send("GET", path, { to: number }, null, false).then(function (answer) {
      if (answer.status !== 200 || !answer.json) { refuse(answer); return; }
      var list = element("ul", null, "diff");
      answer.json.removed.forEach(function (line) { list.appendChild(element("li", "− " + line, "removed")); });
      answer.json.added.forEach(function (line) { list.appendChild(element("li", "+ " + line, "added")); });
      cell.textContent = "";
      cell.appendChild(list);
    });
  }

  function rollBack(number) {
    var path = "/territories/" + territoryPath() + "/rollback";
    return send("POST", path, { to: number }, null, true).then(function (answer) {
      if (answer.status !== 201 || !answer.json) { refuse(answer); return; }
      return loadVersions().then(function () {
        tell(say("rolled_back", { version: number, number: answer.json.version }), "done");
      });
    });
  }

  function versionRow(version, newest, table) {
    var cells = [version.version, version.kind, version.by, version.at, version.triples];
    var line = row(cells.map(function (text) { return { text: text }; }));
    line.setAttribute("data-version", version.version);
    var actions = element("td");
    if (version.version === newest) { actions.appendChild(element("strong", say("current"))); }
    var diffButton = element("button", say("diff"));
    diffButton.type = "button";
    var shown = element("td");
    shown.colSpan = 7;
    var below = element("tr");
    below.appendChild(shown);
    diffButton.addEventListener("click", function () { busy(function () { return showDiff(version.version, shown); }); });
    actions.appendChild(diffButton);
    if (version.version !== newest) {
      var again = element("button", say("rollback"), "rollback");
      again.type = "button";
      again.addEventListener("click", function () { busy(function () { return rollBack(version.version); }); });
      actions.appendChild(again);
    }
    line.appendChild(actions);
    table.appendChild(line);
    table.appendChild(below);
  }

  function loadVersions() {
    var place = $("versions");
    if (!territoryPath()) { tell(say("no_territory"), "error"); return Promise.resolve([]); }
    var path = "/territories/" + territoryPath() + "/versions";
    return send("GET", path, {}, null, false).then(function (answer) {
      if (answer.status !== 200 || !answer.json) { refuse(answer); return []; }
      var versions = answer.json.versions;
      place.textContent = "";
      if (!versions.length) { place.appendChild(element("p", say("versions_none"))); return versions; }
      var table = element("table");
      table.id = "versions-table";
      var head = ["version", "kind", "by", "at", "triples", "diff"];
      table.appendChild(row(head.map(function (name) { return { text: say(name) }; }), "th"));
      var newest = versions[versions.length - 1].version;
      versions.slice().reverse().forEach(function (version) { versionRow(version, newest, table); });
      place.appendChild(table);
      return versions;
    });
  }

  function setUp() {
    root = $("workspace");
    if (!root) { return; }
    words = JSON.parse($("workspace-words").textContent);
    site = root.getAttribute("data-site");
    lang = root.getAttribute("data-lang");
    showTokenState();
    $("token-keep").addEventListener("click", function () {
      var given = $("token").value.trim();
      if (!given) { $("token-status").textContent = say("token_empty"); return; }
      window.sessionStorage.setItem(TOKEN_KEY, given);
      $("token").value = "";
      showTokenState();
    });
    $("token-forget").addEventListener("click", function () {
      window.sessionStorage.removeItem(TOKEN_KEY);
      $("token").value = "";
      showTokenState();
    });
    $("check").addEventListener("click", function () { busy(check); });
    $("preview").addEventListener("click", function () { busy(preview); });
    $("publish").addEventListener("click", function () { busy(publish); });
    $("versions-load").addEventListener("click", function () { busy(loadVersions); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
}());
