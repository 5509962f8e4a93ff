// The live list: the server sends the list again (event "list") whenever a request or a
// case arrives, is answered or closes; a new one makes the phone vibrate where it may (once
// the associate has touched the page: browsers allow no vibration before). "On my way" and
// "Done" are sent without leaving the page, so the stream and that permission stay; the
// server ends the stream (event "end") when the session ends. No framework, no storage.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.EventSource || !window.fetch) { return; }
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
