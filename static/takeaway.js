/* Take the answer along (issue 28), loaded by app.js after the page has loaded. Every page is
   complete without this file: the WhatsApp and SMS links work without JavaScript. */
(function () {
  "use strict";

  // --- Share: the phone's own share sheet where it has one, else the links stay. ---------------
  function setUpShare(root) {
    if (!navigator.share) return;
    var boxes = root.querySelectorAll(".share[data-share-text]");
    for (var i = 0; i < boxes.length; i++) {
      var button = boxes[i].querySelector("button.share-native");
      if (!button) continue;
      button.hidden = false;
      var links = boxes[i].querySelectorAll(".share-fallback");
      for (var j = 0; j < links.length; j++) links[j].hidden = true;
    }
  }

  function share(button) {
    var box = button.closest(".share");
    navigator.share({ text: box.getAttribute("data-share-text") }).catch(function (error) {
      if (error && error.name === "AbortError") return; // the resident closed the sheet
      button.hidden = true; // no share sheet after all: offer the links
      var links = box.querySelectorAll(".share-fallback");
      for (var j = 0; j < links.length; j++) links[j].hidden = false;
    });
  }

  function setUp(root) {
    setUpShare(root);
  }

  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target : null;
    if (!target) return;
    var button = target.closest("button.share-native");
    if (button) share(button);
  });
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
  setUp(document);
})();
