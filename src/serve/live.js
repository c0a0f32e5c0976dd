// journeybook live preview: reloads the page when a new build is ready and
// shows the portfolio's errors over the last good page while it is broken.
// The event stream sits beside this script, so the address always comes
// from the page's own location (works behind Docker, proxies and IPv6).
(function () {
  "use strict";
  var script = document.currentScript;
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
    var state = JSON.parse(event.data);
    if (state.build && state.build !== shownBuild) {
      reload();
      return;
    }
    overlay(state.errors || []);
  });
  // EventSource reconnects by itself when the server restarts; the first
  // state it receives then tells whether the page is out of date.
})();
