// Progressive enhancement: the project page's category panels become keyboard tabs (WAI-ARIA
// tabs pattern). Without JavaScript every panel is shown, one after the other.
for (const root of document.querySelectorAll('[data-tabs]')) {
  const links = [...root.querySelectorAll('.tablist a[data-tab]')];
  const panels = links.map((a) => root.querySelector(`#tab-${a.dataset.tab}`));
  const list = root.querySelector('.tablist');
  list.setAttribute('role', 'tablist');
  for (const li of list.children) li.setAttribute('role', 'presentation');
  const select = (i, focus, remember = true) => {
    links.forEach((a, j) => {
      a.setAttribute('aria-selected', String(i === j));
      a.tabIndex = i === j ? 0 : -1;
      panels[j].hidden = i !== j;
    });
    if (focus) links[i].focus();
    if (remember) history.replaceState(null, '', `#tab-${links[i].dataset.tab}`);
  };
  links.forEach((a, i) => {
    a.setAttribute('role', 'tab');
    a.setAttribute('aria-controls', `tab-${a.dataset.tab}`);
    a.removeAttribute('aria-current');
    panels[i].setAttribute('role', 'tabpanel');
    panels[i].tabIndex = 0;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      select(i, false);
    });
    a.addEventListener('keydown', (e) => {
      const n = links.length;
      const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
      if (to !== undefined) {
        e.preventDefault();
        select(to, true);
      }
    });
  });
  const fromHash = links.findIndex((a) => location.hash === `#tab-${a.dataset.tab}`);
  const initial = fromHash >= 0 ? fromHash : Math.max(0, links.findIndex((a) => a.querySelector('.count')?.textContent !== '0'));
  root.classList.add('tabs-on');
  select(initial, false, false);
}
