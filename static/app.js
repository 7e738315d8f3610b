/* Small enhancements on top of htmx. Every page works without this file and without htmx:
   the quick replies are plain links, and every address htmx pushes returns the whole page. */
(function () {
  "use strict";

  var reduceMotion = window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Bring the open question (or the result) into view and give it the focus, so keyboard and
  // screen reader users continue right there. `say` also reads it out through the live region.
  function showQuestion(say) {
    var question = document.getElementById("question");
    if (!question) return;
    question.focus({ preventScroll: true });
    question.scrollIntoView({ block: "start", behavior: reduceMotion ? "auto" : "smooth" });
    var live = document.getElementById("announce");
    if (say && live) {
      // Empty first, so the same words twice in a row are still announced.
      live.textContent = "";
      window.setTimeout(function () { live.textContent = question.textContent.trim(); }, 50);
    }
  }

  // A suggestion of the text box was followed (?gekozen=2, counted by the site when it sent
  // this page): show the page's own address, so a reload, a bookmark or an address passed on
  // never carries the marker (nor counts it again).
  if (window.history && window.history.replaceState && window.URL &&
      /[?&]gekozen=/.test(window.location.search)) {
    var clean = new URL(window.location.href);
    clean.searchParams.delete("gekozen");
    window.history.replaceState(window.history.state, "", clean.pathname + clean.search + clean.hash);
  }

  // The print button only appears where script can press "print" for you.
  function showPrintButtons() {
    var buttons = document.querySelectorAll("button.print[hidden]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }

  // htmx put the next turn in place of the question just answered.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "current") showQuestion(true);
  });

  // Back or forward: htmx asked the server for the whole page of that address.
  document.addEventListener("htmx:historyRestore", function () {
    showPrintButtons();
    showQuestion(false);
  });

  document.addEventListener("htmx:load", showPrintButtons);
  showPrintButtons();

  // When htmx cannot show a step (the content changed, a server error, no network), follow
  // the link the ordinary way: the browser then shows our full error page, or its own.
  function follow(event) {
    var info = event.detail && event.detail.pathInfo;
    if (info && info.requestPath) window.location.assign(info.requestPath);
  }
  document.addEventListener("htmx:responseError", follow);
  document.addEventListener("htmx:sendError", follow);
  document.addEventListener("htmx:historyCacheMissLoadError", function () {
    window.location.reload();
  });

  // What helps after the page is read (share, read aloud, offline: takeaway.js) loads once the
  // page has loaded, so it never delays the first view.
  var self = document.currentScript;
  var later = self && self.getAttribute("data-later");
  function loadLater() {
    var script = document.createElement("script");
    script.src = later;
    document.head.appendChild(script);
  }
  if (later) {
    if (document.readyState === "complete") loadLater();
    else window.addEventListener("load", loadLater);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) return;
    // Ctrl/Cmd/Shift-click on a quick reply opens it in a new tab or window, like any link:
    // stop the click before it reaches htmx (which listens on the link itself).
    if ((event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) &&
        target.closest("a[data-hx-get]")) {
      event.stopPropagation();
      return;
    }
    if (target.closest("button.print")) window.print();
  }, true);
})();
