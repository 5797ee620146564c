/*
 * The live shelf: while a page has parts a part marked data-live (one per page: the shelf's loans and holds, a title's buttons), listen to
 * the patron's changes at /shelf/events (the web app passes loan-service's stream on; the token stays on the server)
 * and, on each change, fetch this page again with htmx and swap in just those parts; say what happened in the page's
 * status region (#live-note, role=status: screen readers announce it). No inline scripts (the CSP allows none).
 */
(function () {
  'use strict';
  var TYPES = ['loan.started', 'loan.returned', 'loan.renewed', 'loan.expired', 'hold.placed', 'hold.ready',
    'hold.position-changed', 'hold.suspended', 'hold.resumed', 'hold.fulfilled', 'hold.cancelled', 'hold.expired',
    'resync'];
  var source = null;
  var stopped = false;
  var timer = null;
  var inFlight = false;
  var again = false;

  function follow() {
    if (!document.querySelector('[data-live][id]')) {
      if (source) { source.close(); source = null; delete document.body.dataset.live; }
      return;
    }
    if (source || stopped || typeof EventSource === 'undefined') { return; }
    source = new EventSource('/shelf/events');
    TYPES.forEach(function (type) { source.addEventListener(type, changed); });
    // loan-service sends a heartbeat once it listens: from then on no change is missed (the body says so, for tests)
    source.addEventListener('heartbeat', function () { document.body.dataset.live = 'listening'; });
    source.addEventListener('signed-out', function () {
      stopped = true;
      source.close();
      source = null;
    });
  }

  function changed(event) {
    var note = document.getElementById('live-note');
    if (note && event.data && event.data !== '{}') {
      note.textContent = event.data;
    }
    // several changes at once (a replay, a hold that became a loan) make one fetch
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 250);
  }

  /** One fetch at a time (each may refresh the session's tokens); a change meanwhile makes one more after it. */
  function refresh() {
    timer = null;
    if (inFlight) { again = true; return; }
    var part = document.querySelector('[data-live][id]');
    if (!part || typeof htmx === 'undefined') { return; }
    inFlight = true;
    var target = '#' + part.id;
    htmx.ajax('GET', window.location.pathname, {target: target, select: target, swap: 'outerHTML'})
      .finally(function () {
        inFlight = false;
        if (again) { again = false; refresh(); }
      });
  }

  document.addEventListener('DOMContentLoaded', follow);
  document.addEventListener('htmx:afterSettle', follow);
}());
