// The live list: the server sends the list again (event "list") whenever a request or a
// case arrives, is answered or closes; a new one makes the phone vibrate where it may (once
// the associate has touched the page: browsers allow no vibration before) and, once they
// tapped "Sound on", plays a short chime made here (Web Audio: no sound file; browsers let
// a page sound only after a tap, hence the button). The choice is kept for the tab's session
// (sessionStorage). "On my way" and "Done" are sent without leaving the page, so the stream
// and those permissions stay; the server ends the stream (event "end") when the session
// ends. No framework.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.EventSource || !window.fetch) { return; }
  var status = document.getElementById("status");
  var toggle = document.getElementById("sound");
  var AudioCtx = window.AudioContext || window.webkitAudioContext;
  var audio = null;
  var KEPT = "companion.sound";
  function soundOn() {
    try { return window.sessionStorage.getItem(KEPT) === "on"; } catch (e) { return false; }
  }
  function keep(on) {
    try { window.sessionStorage.setItem(KEPT, on ? "on" : "off"); } catch (e) { /* private */ }
  }
  function shown(on) {
    toggle.dataset.state = on ? "on" : "off";
    toggle.textContent = on ? toggle.dataset.on : toggle.dataset.off;
  }
  function chime(counted) {  // two soft notes, a fifth apart, under half a second
    if (!audio || audio.state !== "running") { return; }
    var t = audio.currentTime;
    [[880, 0], [1318.5, 0.14]].forEach(function (note) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = note[0];
      gain.gain.setValueAtTime(0.0001, t + note[1]);
      gain.gain.exponentialRampToValueAtTime(0.25, t + note[1] + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + note[1] + 0.32);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(t + note[1]);
      osc.stop(t + note[1] + 0.35);
    });
    if (counted) {  // arrivals the page chimed for: what the tests read
      document.body.dataset.tones = String(Number(document.body.dataset.tones || 0) + 1);
    }
  }
  function wake() {  // only within a tap does the browser let the context run
    if (!AudioCtx) { return null; }
    audio = audio || new AudioCtx();
    return audio.state === "suspended" ? audio.resume() : Promise.resolve();
  }
  if (toggle && !AudioCtx) { toggle.hidden = true; }  // this browser cannot make a sound
  if (toggle && AudioCtx) {
    shown(soundOn());
    toggle.addEventListener("click", function () {
      var on = !soundOn();
      keep(on);
      shown(on);
      if (on) { wake().then(function () { chime(false); }); }  // this is how it sounds
    });
    if (soundOn()) {  // kept from another page: it may sound from the next touch on
      ["pointerdown", "keydown"].forEach(function (kind) {
        document.addEventListener(kind, wake, { once: true, capture: true });
      });
    }
  }
  function ids() {
    var found = {};
    live.querySelectorAll("[data-id]").forEach(function (el) { found[el.dataset.id] = true; });
    return found;
  }
  var known = ids();
  var stream = new EventSource(live.dataset.events);
  stream.addEventListener("list", function (event) {
    live.innerHTML = event.data;
    var now = ids();
    var fresh = Object.keys(now).some(function (id) { return !known[id]; });
    known = now;
    var active = navigator.userActivation ? navigator.userActivation.hasBeenActive : false;
    if (fresh && active && navigator.vibrate) { navigator.vibrate([120, 60, 120]); }
    if (fresh && soundOn()) { chime(true); }
    status.textContent = live.dataset.live;
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  });
  stream.addEventListener("end", function () {
    stream.close();
    window.location.assign(live.dataset.signin);
  });
  stream.onopen = function () { status.textContent = live.dataset.live; };
  stream.onerror = function () { status.textContent = live.dataset.offline; };
  live.addEventListener("submit", function (event) {
    var form = event.target;
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    var body = new URLSearchParams(data);
    event.preventDefault();
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    // getAttribute: the buttons are named "action", which shadows form.action
    fetch(form.getAttribute("action"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (reply) {
        if (reply.redirected && reply.url.indexOf("/signin") !== -1) {
          window.location.assign(reply.url);
        }
      })
      .catch(function () {  // the page's own way, if the network hiccups
        var chosen = document.createElement("input");
        chosen.type = "hidden";
        chosen.name = event.submitter ? event.submitter.name : "";
        chosen.value = event.submitter ? event.submitter.value : "";
        form.appendChild(chosen);
        HTMLFormElement.prototype.submit.call(form);
      });
  });
}());
