// Phones: the filters open as a drawer, the list and the site panel as a bottom sheet over the full-screen map.
// On a desktop the same elements are columns and these states change nothing (the CSS applies them below 768 px).

export interface PhoneLayout {
  /** Opens the sheet so the chosen site's panel can be read. */
  showSite(): void;
  /** The sheet handle's text: the list's title and count. */
  setTitle(text: string): void;
  /** How many pixels at the bottom of the map the open sheet covers: 0 on a desktop, where the panel is a column. */
  coveredHeight(): number;
}

export function setupPhoneLayout(): PhoneLayout {
  const body = document.body;
  const side = document.getElementById('side');
  const title = document.getElementById('sheet-title');
  const closeDrawer = () => { delete body.dataset.drawer; };
  document.getElementById('open-filters')?.addEventListener('click', () => { body.dataset.drawer = 'filters'; });
  document.getElementById('close-filters')?.addEventListener('click', closeDrawer);
  // A tap on the map closes the drawer: the map is what the user wants to see.
  document.getElementById('map')?.addEventListener('pointerdown', closeDrawer);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeDrawer(); });
  document.getElementById('sheet-handle')?.addEventListener('click', () => {
    body.dataset.sheet = body.dataset.sheet === 'open' ? 'peek' : 'open';
  });
  body.dataset.sheet = 'peek';
  return {
    showSite() {
      body.dataset.sheet = 'open';
      side?.scrollTo({ top: 0 });
    },
    setTitle(text: string) {
      if (title) title.textContent = text;
    },
    coveredHeight() {
      const map = document.getElementById('map');
      if (!side || !map || body.dataset.sheet !== 'open' || getComputedStyle(side).position !== 'absolute') return 0;
      // offsetTop is where the sheet ends up, whatever its slide has reached (a transform does not move it).
      return Math.max(0, map.clientHeight - side.offsetTop);
    },
  };
}
