/* Pages of work in progress (a report being built) carry data-poll-url, an API address of the record, and
   data-poll-state, its state when the page was drawn. This asks the API, less often as time passes, and
   reloads the page once the state changes, so the page is not redrawn every few seconds: messages stay
   and keyboard focus is not thrown back to the top. Without script, a <noscript> meta refresh does it. */
(function () {
  "use strict";
  var holder = document.querySelector("[data-poll-url]");
  if (!holder || !window.fetch) { return; }
  var url = holder.getAttribute("data-poll-url");
  var drawn = holder.getAttribute("data-poll-state");
  var delay = 1500;
  function stateOf(body) {
    return body.status + (body.waiting_for_queue ? ":waiting" : "");
  }
  function again(factor, most) {
    delay = Math.min(delay * factor, most);
    window.setTimeout(tick, delay);
  }
  function tick() {
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (body && stateOf(body) !== drawn) { window.location.reload(); return; }
        again(1.2, 10000);
      })
      .catch(function () { again(2, 30000); });
  }
  window.setTimeout(tick, delay);
})();
