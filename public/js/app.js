// Progressive enhancement only: every page works without this file.
// Buttons marked .danger ask for confirmation before their form is sent.
document.addEventListener('submit', (event) => {
  const button = event.submitter;
  if (button && button.classList.contains('danger') && !window.confirm(`${button.textContent.trim()}?`)) {
    event.preventDefault();
  }
});
