// journeybook live preview: shows each new build as soon as it is ready,
// and the portfolio's errors over the last good page while it is broken.
// When only Markdown changed since the build on screen, and the page runs
// no script of its own, the new page's body is swapped in place: no
// navigation, no stylesheet fetched again, scroll positions kept. Anything
// else (a theme or config edit, an image, a page with scripts, a page
// gone) reloads the page.
// The event stream sits beside this script, so the address always comes
// from the page's own location (works behind Docker, proxies and IPv6).
(function () {
  "use strict";
  var script = document.currentScript;
  var ownSource = script.getAttribute("src");
  var shownBuild = script.getAttribute("data-build");
  var eventsUrl = script.src.replace(/live\.js(\?.*)?$/, "events");
  var scrollKey = "journeybook-scroll:" + location.pathname;

  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var restore = function () { window.scrollTo(0, parseInt(saved, 10) || 0); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  // Scripts other than this one: their work would be lost by a swap.
  function hasOwnScripts(root) {
    return Array.prototype.some.call(root.querySelectorAll("script"), function (s) {
      return s.getAttribute("src") !== ownSource;
    });
  }

  function liveScriptOf(root) {
    return Array.prototype.filter.call(root.querySelectorAll("script"), function (s) {
      return s.getAttribute("src") === ownSource;
    })[0];
  }

  // What in a head decides how the page looks and behaves.
  function headKey(head) {
    var parts = [];
    for (var i = 0; i < head.children.length; i++) {
      var tag = head.children[i].tagName;
      if (tag === "LINK" || tag === "STYLE" || tag === "SCRIPT" || tag === "BASE") {
        parts.push(head.children[i].outerHTML);
      }
    }
    return parts.join("\n");
  }

  // Scroll offsets of the window and of every scrolled element with an id
  // or a class (the journey map scrolls sideways), to put back after a swap.
  function scrollState() {
    var state = { x: window.scrollX, y: window.scrollY, boxes: [] };
    var all = document.body.querySelectorAll("[id], [class]");
    for (var i = 0; i < all.length; i++) {
      var box = all[i];
      if (box.scrollLeft || box.scrollTop) {
        state.boxes.push({ key: boxKey(box), left: box.scrollLeft, top: box.scrollTop });
      }
    }
    return state;
  }

  function boxKey(box) {
    if (box.id) return "#" + box.id;
    var name = box.getAttribute("class");
    var same = document.getElementsByClassName(name);
    return "." + name + ":" + Array.prototype.indexOf.call(same, box);
  }

  function restoreScroll(state) {
    state.boxes.forEach(function (saved) {
      var box = null;
      if (saved.key.charAt(0) === "#") {
        box = document.getElementById(saved.key.slice(1));
      } else {
        var at = saved.key.lastIndexOf(":");
        var same = document.getElementsByClassName(saved.key.slice(1, at));
        box = same[parseInt(saved.key.slice(at + 1), 10)] || null;
      }
      if (box) {
        box.scrollLeft = saved.left;
        box.scrollTop = saved.top;
      }
    });
    window.scrollTo(state.x, state.y);
  }

  // The page as the server has it now, swapped in place; a reload when
  // that cannot be done faithfully.
  function refreshInPlace() {
    return fetch(location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || response.redirected || type.indexOf("text/html") < 0) {
          throw new Error("not a page to swap");
        }
        return response.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        var nextScript = liveScriptOf(next);
        if (!nextScript || hasOwnScripts(next) || headKey(next.head) !== headKey(document.head)) {
          throw new Error("the page changed more than its text");
        }
        var scroll = scrollState();
        document.title = next.title;
        Array.prototype.forEach.call(document.head.querySelectorAll("meta"), function (meta) { meta.remove(); });
        Array.prototype.forEach.call(next.head.querySelectorAll("meta"), function (meta) {
          document.head.appendChild(document.adoptNode(meta));
        });
        var root = document.documentElement;
        Array.prototype.slice.call(root.attributes).forEach(function (attribute) {
          if (!next.documentElement.hasAttribute(attribute.name)) root.removeAttribute(attribute.name);
        });
        Array.prototype.forEach.call(next.documentElement.attributes, function (attribute) {
          root.setAttribute(attribute.name, attribute.value);
        });
        // Scripts parsed by DOMParser never run, this one's copy included.
        document.body.replaceWith(document.adoptNode(next.body));
        restoreScroll(scroll);
        shownBuild = nextScript.getAttribute("data-build");
      });
  }

  var latest = null;
  var busy = false;

  // Shows the latest state received, one at a time.
  function show(state) {
    latest = state;
    if (busy) return;
    state = latest;
    latest = null;
    if (!state.build || state.build === shownBuild) {
      overlay(state.errors || []);
      return;
    }
    if (state.inPlaceAfter !== shownBuild || hasOwnScripts(document)) {
      reload();
      return;
    }
    busy = true;
    refreshInPlace().then(function () {
      busy = false;
      overlay(state.errors || []);
      if (latest) show(latest);
    }, reload);
  }

  function overlay(errors) {
    var old = document.getElementById("journeybook-overlay");
    if (old) old.remove();
    if (!errors.length) return;
    var box = document.createElement("div");
    box.id = "journeybook-overlay";
    box.setAttribute("role", "alert");
        box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:45vh;z-index:2147483647;overflow:auto;background:#1d2330;color:#f5f6f8;" +
      "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:1.25rem 1.5rem;border-radius:.5rem;" +
      "box-shadow:0 10px 40px rgba(0,0,0,.5);border-left:6px solid #ff6b6b";
    var title = document.createElement("h2");
    title.textContent = "The portfolio has " + errors.length + " error" + (errors.length === 1 ? "" : "s") +
      " — showing the last good build";
        title.style.cssText = "margin:0 0 1rem;font-size:16px;color:#ff9a9a";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Hide until the next build");
    close.style.cssText = "float:right;font:20px/1 sans-serif;background:none;border:0;color:#f5f6f8;cursor:pointer";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    box.appendChild(title);
    errors.forEach(function (e) {
      var item = document.createElement("div");
      item.className = "journeybook-error";
      item.style.cssText = "margin:0 0 1rem";
      var where = document.createElement("div");
      where.className = "journeybook-error-location";
      where.textContent = e.file + (e.line ? ":" + e.line + ":" + e.column : "");
      where.style.cssText = "color:#8fb8e6";
      var message = document.createElement("div");
      message.textContent = "error[" + e.code + "]: " + e.message;
      item.appendChild(where);
      item.appendChild(message);
      if (e.help) {
        var help = document.createElement("div");
        help.textContent = "help: " + e.help;
        help.style.cssText = "color:#aab1bc";
        item.appendChild(help);
      }
      box.appendChild(item);
    });
    document.body.appendChild(box);
  }

  var source = new EventSource(eventsUrl);
  source.addEventListener("state", function (event) {
    show(JSON.parse(event.data));
  });
  // EventSource reconnects by itself when the server restarts; the first
  // state it receives then tells whether the page is out of date.
})();
