/* Take the answer along (issue 28), loaded by app.js after the page has loaded. Every page is
   complete without this file: the WhatsApp and SMS links work without JavaScript. */
(function () {
  "use strict";

  // --- Share: the phone's own share sheet where it has one, else the links stay. ---------------
  function setUpShare(root) {
    if (!navigator.share) return;
    var boxes = root.querySelectorAll(".share");
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
    // The same words as the WhatsApp link (made by the server), so they are kept only once.
    var link = box.querySelector("a[href^='https://wa.me/']");
    var text = new URL(link.href).searchParams.get("text");
    navigator.share({ text: text }).catch(function (error) {
      if (error && error.name === "AbortError") return; // the resident closed the sheet
      button.hidden = true; // no share sheet after all: offer the links
      var links = box.querySelectorAll(".share-fallback");
      for (var j = 0; j < links.length; j++) links[j].hidden = false;
    });
  }

  // --- Read aloud: the browser's own speech, only with a voice for the page's language. --------
  // Voices named in the public list of recommended web-speech voices
  // (github.com/HadrienGardeur/web-speech-recommended-voices, nl and ar), best first; any other
  // voice for the language comes after them. Android lists languages it cannot speak and then
  // reads in English, so a voice must say its language, and the utterance says it too.
  var PREFERRED = {
    nl: ["Microsoft Colette Online", "Microsoft Fenna Online", "Microsoft Maarten Online",
      "Microsoft Hanna Online", "Google Nederlands", "nl-nl-x-", "Xander", "Claire",
      "Microsoft Frank"],
    ar: ["Microsoft Hamed Online", "Microsoft Zariyah Online", "Online (Natural) - Arabic",
      "ar-xa-x-", "Majed", "Mariam", "Laila", "Tarik", "Microsoft Naayf", "Microsoft Hoda"],
    en: ["Online (Natural) - English (United Kingdom)", "Google UK English",
      "Online (Natural) - English", "Google US English"]
  };
  var synth = window.speechSynthesis;

  function speaks(voice, lang) {
    var tag = String(voice.lang || "").replace("_", "-").toLowerCase();
    return tag === lang || tag.indexOf(lang + "-") === 0;
  }

  function rank(voice, lang) {
    var names = PREFERRED[lang] || [];
    var id = (voice.name || "") + " " + (voice.voiceURI || "");
    for (var i = 0; i < names.length; i++) if (id.indexOf(names[i]) !== -1) return i;
    return names.length + (lang === "nl" && /-be$/i.test(voice.lang) ? 1 : 0);
  }

  function voiceFor(lang) {
    var voices = synth ? synth.getVoices() : [];
    var best = null;
    for (var i = 0; i < voices.length; i++) {
      if (!speaks(voices[i], lang)) continue;
      if (!best || rank(voices[i], lang) < rank(best, lang)) best = voices[i];
    }
    return best;
  }

  function setUpReadAloud(root) {
    if (!synth) return;
    var boxes = root.querySelectorAll(".read-aloud[data-speak]");
    for (var i = 0; i < boxes.length; i++) {
      var voice = voiceFor(boxes[i].getAttribute("data-lang"));
      boxes[i].querySelector("button.speak").hidden = !voice;
      if (!voice) boxes[i].querySelector("button.stop-speaking").hidden = true;
    }
  }

  function showSpeaking(box, speaking) {
    box.querySelector("button.speak").hidden = speaking;
    box.querySelector("button.stop-speaking").hidden = !speaking;
    box.querySelector(speaking ? "button.stop-speaking" : "button.speak").focus();
  }

  // Sentence by sentence: some voices stop after about 14 seconds of one utterance. A sentence
  // ends at a full stop before a space or the end, so "info@sociaalservicepunt.nl" stays whole.
  function readAloud(box) {
    var voice = voiceFor(box.getAttribute("data-lang"));
    if (!voice) return;
    synth.cancel();
    var parts = box.getAttribute("data-speak").match(/[\s\S]+?(?:[.!?\u061f]+(?=\s|$)|$)\s*/g) || [];
    var left = parts.length;
    showSpeaking(box, true);
    function done() {
      left -= 1;
      if (left <= 0 && box.isConnected) showSpeaking(box, false);
    }
    for (var i = 0; i < parts.length; i++) {
      var utterance = new SpeechSynthesisUtterance(parts[i].trim());
      utterance.voice = voice;
      utterance.lang = String(voice.lang).replace("_", "-");
      utterance.onend = done;
      utterance.onerror = function () { left = 0; done(); };
      synth.speak(utterance);
    }
  }

  function stopReading(box) {
    synth.cancel();
    showSpeaking(box, false);
  }

  if (synth && synth.addEventListener) {
    synth.addEventListener("voiceschanged", function () { setUpReadAloud(document); });
  }
  // The next question replaces this one: stop reading the old one.
  document.addEventListener("htmx:beforeSwap", function () { if (synth) synth.cancel(); });

  // --- Offline: a service worker keeps the pages seen, for when there is no connection. -------
  // Network first: online, every page still comes from the site (static/sw.js).
  function registerWorker() {
    var tag = document.querySelector("script[data-worker]");
    var workers = navigator.serviceWorker;
    if (!tag || !workers || !window.isSecureContext) return;
    var opened = !workers.controller; // this page came before the worker: ask it to keep it
    workers.register(tag.getAttribute("data-worker")).then(function () {
      return workers.ready;
    }).then(function (registration) {
      if (opened && registration.active && document.querySelector(".offline-note") &&
          !document.documentElement.hasAttribute("data-offline")) {
        registration.active.postMessage({ keep: window.location.href });
      }
    }).catch(function () {});
  }

  function setUp(root) {
    setUpShare(root);
    setUpReadAloud(root);
  }

  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target : null;
    if (!target) return;
    var button = target.closest("button.share-native");
    if (button) share(button);
    if (target.closest("button.speak")) readAloud(target.closest(".read-aloud"));
    if (target.closest("button.stop-speaking")) stopReading(target.closest(".read-aloud"));
  });
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
  setUp(document);
  registerWorker();
})();
