// journeybook search: queries the static index under search/ (see
// src/search). Loads search/meta.json, then only the shards of the query's
// words and the record chunks of the best results. Every word must match;
// the last one also matches as a prefix (search as you type).
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !list) return;
  var base = form.getAttribute("data-index");
  var cache = {};
  var LIMIT = 20;

  function json(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : {}; });
    }
    return cache[path];
  }

  var FOLD = { "á": "a", "à": "a", "â": "a", "ä": "a", "ã": "a", "å": "a", "é": "e", "è": "e", "ê": "e", "ë": "e",
    "í": "i", "ì": "i", "î": "i", "ï": "i", "ó": "o", "ò": "o", "ô": "o", "ö": "o", "õ": "o", "ú": "u", "ù": "u",
    "û": "u", "ü": "u", "ñ": "n", "ç": "c" };
  function terms(text) {
    return text.toLowerCase().replace(/[^\s]/g, function (c) { return FOLD[c] || c; })
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // The shards holding `term` (all shards under it when it is a prefix).
  function shardsFor(meta, term, prefix) {
    var exact = meta.shards.filter(function (s) { return term.indexOf(s) === 0; });
    var longest = exact.length ? [exact[0]] : [];
    if (!prefix) return longest;
    var under = meta.shards.filter(function (s) { return s.indexOf(term) === 0 && s.length > term.length; });
    return longest.concat(under.slice(0, 8));
  }

  function postings(meta, term, prefix) {
    var shards = shardsFor(meta, term, prefix);
    return Promise.all(shards.map(function (s) { return json("terms/" + encodeURIComponent(s) + ".json"); }))
      .then(function (loaded) {
        var scores = {};
        loaded.forEach(function (shard) {
          Object.keys(shard).forEach(function (t) {
            if (t === term || (prefix && t.indexOf(term) === 0)) {
              var flat = shard[t], id = 0;
              for (var i = 0; i < flat.length; i += 2) {
                id += flat[i];
                scores[id] = Math.max(scores[id] || 0, flat[i + 1] * (t === term ? 2 : 1));
              }
            }
          });
        });
        return scores;
      });
  }

  function search(query) {
    return json("meta.json").then(function (meta) {
      var words = terms(query).filter(function (w) { return meta.stop.indexOf(w) < 0; });
      if (!words.length) return [];
      return Promise.all(words.map(function (w, i) { return postings(meta, w, i === words.length - 1); }))
        .then(function (perWord) {
          var total = perWord[0];
          var ids = Object.keys(total).filter(function (id) {
            return perWord.every(function (s) { return id in s; });
          });
          ids.sort(function (a, b) {
            var sa = perWord.reduce(function (sum, s) { return sum + s[a]; }, 0);
            var sb = perWord.reduce(function (sum, s) { return sum + s[b]; }, 0);
            return sb - sa || a - b;
          });
          var top = ids.slice(0, LIMIT).map(Number);
          var chunks = top.map(function (id) { return Math.floor(id / meta.chunk); })
            .filter(function (c, i, all) { return all.indexOf(c) === i; });
          return Promise.all(chunks.map(function (c) { return json("records/" + c + ".json"); }))
            .then(function (loaded) {
              var byChunk = {};
              chunks.forEach(function (c, i) { byChunk[c] = loaded[i]; });
              return { total: ids.length, hits: top.map(function (id) { return byChunk[Math.floor(id / meta.chunk)][id % meta.chunk]; }) };
            });
        });
    });
  }

  function show(result, query) {
    list.textContent = "";
    var hits = result.hits || [];
    var text = !query ? "" : !hits.length ? form.getAttribute("data-nothing")
      : result.total === 1 ? form.getAttribute("data-one") : form.getAttribute("data-results");
    status.textContent = text.replace("{count}", String(result.total)).replace("{query}", query);
    hits.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = form.getAttribute("data-site") + hit.url;
      link.textContent = hit.title;
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = hit.label || hit.kind;
      item.appendChild(kind);
      item.appendChild(link);
      if (hit.context) {
        var context = document.createElement("div");
        context.className = "search-context";
        context.textContent = hit.context;
        item.appendChild(context);
      }
      if (hit.excerpt) {
        var excerpt = document.createElement("p");
        excerpt.textContent = hit.excerpt;
        item.appendChild(excerpt);
      }
      list.appendChild(item);
    });
  }

  var pending = 0;
  function run() {
    var query = input.value.trim();
    var mine = ++pending;
    if (!query) { show({}, ""); return; }
    search(query).then(function (result) { if (mine === pending) show(result, query); });
  }
  input.addEventListener("input", run);
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
