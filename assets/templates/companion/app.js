// The live list: the server sends the list again (event "list") whenever a request or a
// case arrives, is answered or closes; a new one makes the phone vibrate where it may. The
// server ends the stream (event "end") when the session ends. No framework, no storage.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.EventSource) { return; }
  var status = document.getElementById("status");
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
    status.textContent = live.dataset.live;
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  });
  stream.addEventListener("end", function () {
    stream.close();
    window.location.assign(live.dataset.signin);
  });
  stream.onopen = function () { status.textContent = live.dataset.live; };
  stream.onerror = function () { status.textContent = live.dataset.offline; };
}());
