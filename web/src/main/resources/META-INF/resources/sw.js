/*
 * Lainaamo's service worker: shows the notices patron-service pushes (Web Push; the payload is
 * {occasion, title, body, url, noticeId}, already in the patron's language) and opens the app where the notice
 * points when one is clicked. It caches nothing: the pages are never kept (Cache-Control: no-store).
 */
self.addEventListener('push', function (event) {
  var notice = {};
  try {
    notice = event.data ? event.data.json() : {};
  } catch (notJson) {
    notice = {body: event.data ? event.data.text() : ''};
  }
  event.waitUntil(self.registration.showNotification(notice.title || 'Lainaamo', {
    body: notice.body || '',
    tag: notice.noticeId || undefined,
    data: {url: notice.url || '/shelf'}
  }));
});

self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || '/shelf';
  event.waitUntil(self.clients.openWindow(url));
});
