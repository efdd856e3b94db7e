// «Печать» on the printed-diary pages: the button is hidden without JavaScript (Ctrl+P works anyway); here it is
// shown and opens the browser's print dialog.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
