// «Уведомления»: subscribes this browser to web push through the site's service worker (public/sw.js) and hands the
// PushSubscription to the server. Without JS (or push) the page still saves the choices; this only adds the device.
const state = document.getElementById('push-state');
const button = document.getElementById('push-enable');

function keyBytes(base64url) {
  const s = atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

async function subscribe() {
  const registration = await navigator.serviceWorker.ready;
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') { state.textContent = 'Браузер не разрешил уведомления: включите их в настройках сайта.'; return; }
  const sub = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(state.dataset.vapid) });
  const res = await fetch('/diary/alerts/push', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': state.dataset.csrf, accept: 'application/json' },
    body: JSON.stringify(sub.toJSON()),
  });
  if (res.ok) window.location.reload();
  else state.textContent = 'Не удалось сохранить подписку. Попробуйте ещё раз.';
}

if (state && button && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window) {
  button.hidden = false;
  button.addEventListener('click', () => {
    subscribe().catch(() => { state.textContent = 'Этот браузер не может получать push-уведомления.'; });
  });
}
