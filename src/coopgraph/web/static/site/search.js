// The search box of every page: suggestions from /api/search as one types, then their page.
// Plain script, no library; the form still works without it (it asks /api/search itself).
(function () {
  "use strict";

  var WAIT_MS = 150;
  var SHOWN = 8;

  function setUp(form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("ul");
    var lang = form.querySelector("input[name=lang]").value;
    var api = form.getAttribute("data-api");
    var none = form.getAttribute("data-none");
    var timer = null;
    var pending = null;
    var links = [];
    var chosen = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      chosen = -1;
    }

    function choose(position) {
      links.forEach(function (link, n) {
        link.setAttribute("aria-selected", n === position ? "true" : "false");
      });
      chosen = position;
      if (position >= 0) {
        input.setAttribute("aria-activedescendant", links[position].id);
      }
    }

    function show(results) {
      list.textContent = "";
      links = [];
      results.forEach(function (result, n) {
        if (!result.page) {
          return;
        }
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.id = "site-search-result-" + n;
        link.setAttribute("role", "option");
        link.href = result.page + (result.page.indexOf("?") < 0 ? "?" : "&") + "lang=" + lang;
        link.textContent = result.name;
        if (result.description) {
          var line = document.createElement("small");
          line.textContent = result.description;
          link.appendChild(line);
        }
        item.appendChild(link);
        list.appendChild(item);
        links.push(link);
      });
      if (!links.length) {
        var empty = document.createElement("li");
        empty.textContent = none;
        list.appendChild(empty);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      choose(-1);
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < 2) {
        close();
        return;
      }
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      var url = api + "?limit=" + SHOWN + "&lang=" + encodeURIComponent(lang) +
        "&q=" + encodeURIComponent(text);
      fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (answer) {
          if (input.value.trim() === text) {
            show(answer.results || []);
          }
        })
        .catch(function () { /* aborted, or the server is away: no suggestions */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        choose((chosen + 1) % links.length);
      } else if (event.key === "ArrowUp" && links.length) {
        event.preventDefault();
        choose(chosen <= 0 ? links.length - 1 : chosen - 1);
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Enter" && links.length && !list.hidden) {
        event.preventDefault();
        window.location.href = links[Math.max(chosen, 0)].href;
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) {
        close();
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.search"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
