/*
 * Web Push on the profile page: offered only where the browser has service workers, the Push API and notifications.
 * The button asks for permission, registers /sw.js, subscribes with Lainaamo's VAPID public key (from patron-service,
 * through /profile/push/key) and hands the subscription to /profile/push, which registers it with patron-service
 * with the session's token. The CSRF token comes from the button's own form. No inline scripts (CSP).
 */
(function () {
  'use strict';
  var section = document.getElementById('push');
  var form = document.getElementById('push-form');
  if (!section || !form) { return; }
  var supported = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (!supported) { return; }
  form.hidden = false;
  var unsupported = document.getElementById('push-unsupported');
  if (unsupported) { unsupported.hidden = true; }
  var status = document.getElementById('push-status');

  function key(base64url) {
    var base64 = (base64url + '==='.slice((base64url.length + 3) % 4)).replace(/-/g, '+').replace(/_/g, '/');
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    event.stopPropagation(); // not htmx's boosted form: this one is ours
    Notification.requestPermission().then(function (permission) {
      if (permission !== 'granted') { throw new Error('denied'); }
      return navigator.serviceWorker.register('/sw.js', {scope: '/'});
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return fetch(section.dataset.key, {credentials: 'same-origin'}).then(function (r) {
        if (!r.ok) { throw new Error('no key'); }
        return r.json();
      }).then(function (body) {
        return registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: key(body.publicKey)});
      });
    }).then(function (subscription) {
      var json = subscription.toJSON();
      var data = new URLSearchParams();
      data.set('endpoint', json.endpoint);
      data.set('p256dh', json.keys.p256dh);
      data.set('auth', json.keys.auth);
      data.set('csrf-token', form.querySelector('input[name="csrf-token"]').value);
      return fetch(section.dataset.register, {method: 'POST', credentials: 'same-origin', body: data});
    }).then(function (r) {
      if (!r.ok) { throw new Error('refused'); }
      status.textContent = section.dataset.done;
    }).catch(function (e) {
      status.textContent = e && e.message === 'denied' ? section.dataset.denied : section.dataset.failed;
    });
  });
}());
