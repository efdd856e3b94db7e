// Progressive enhancement only: every page works without this file.
// Buttons marked .danger ask for confirmation before their form is sent.
document.addEventListener('submit', (event) => {
  const button = event.submitter;
  if (button && button.classList.contains('danger') && !window.confirm(`${button.textContent.trim()}?`)) {
    event.preventDefault();
  }
});

// «Меню» on a narrow screen: without JS a label toggles the hidden checkbox #menu-state (CSS shows the menu when it is
// checked); here it becomes a real button that says whether the menu is open, and Esc closes it.
const menuState = document.getElementById('menu-state');
const menuLabel = document.querySelector('[data-menu-button]');
if (menuState && menuLabel) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'menu-button';
  button.textContent = menuLabel.textContent.trim();
  button.setAttribute('aria-controls', 'site-nav');
  const show = (open) => {
    menuState.checked = open;
    button.setAttribute('aria-expanded', String(open));
  };
  show(menuState.checked);
  menuLabel.replaceWith(button);
  menuState.hidden = true;
  button.addEventListener('click', () => show(!menuState.checked));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menuState.checked) {
      show(false);
      button.focus();
    }
  });
}
