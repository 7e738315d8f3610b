/* The partners' pages: tell screen readers how many results the live search found, and copy
   the hand-over link. Everything works without this file. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "partner-results") return;
    var count = document.getElementById("partner-count");
    var live = document.getElementById("partner-announce");
    if (count && live) live.textContent = count.textContent.replace(/\s+/g, " ").trim();
  });

  // The copy button only appears where the browser can copy for you.
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.clipboard) return;
    document.querySelectorAll("button.copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
          var done = button.parentNode.querySelector(".copied");
          if (done) done.textContent = button.getAttribute("data-done");
        });
      });
    });
  });
})();
