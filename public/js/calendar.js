// «Скопировать ссылку» on the calendar page: copies the link just made. Without JavaScript the field is selectable.
const button = document.querySelector('button[data-copy]');
const field = button && document.getElementById(button.dataset.copy);
const status = document.querySelector('.cl-copied');

async function copy() {
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    // No clipboard API (an old browser, a page without https): the selected text is copied the old way.
    if (!document.execCommand('copy')) {
      status.textContent = 'Не удалось скопировать: выделите ссылку и скопируйте её вручную.';
      return;
    }
  }
  status.textContent = 'Ссылка скопирована.';
}

if (button && field) {
  button.hidden = false;
  button.addEventListener('click', copy);
  field.addEventListener('focus', () => field.select());
}
