// The header's links: on a phone they scroll sideways in one row, and the current page's may lie beyond the edge.

/** How far to scroll a row so that an item lies wholly inside it, with a margin; the current offset if it already does. Pure, for tests. */
export function scrollToReveal(scrollLeft: number, width: number, itemLeft: number, itemWidth: number, margin = 24): number {
  if (itemLeft >= scrollLeft && itemLeft + itemWidth <= scrollLeft + width) return scrollLeft;
  return itemLeft < scrollLeft ? Math.max(0, itemLeft - margin) : itemLeft + itemWidth - width + margin;
}

/** Brings the current page's link (aria-current) into view in the header's scrolling row. */
export function revealCurrentPage(nav: HTMLElement | null): void {
  const current = nav?.querySelector<HTMLElement>('a[aria-current=page]');
  if (!nav || !current || nav.scrollWidth <= nav.clientWidth) return;
  const left = current.getBoundingClientRect().left - nav.getBoundingClientRect().left + nav.scrollLeft;
  nav.scrollLeft = scrollToReveal(nav.scrollLeft, nav.clientWidth, left, current.offsetWidth);
}

/** Which edges of a scrolling row hide links ("left", "right", both or ""), so that the row can fade there. Pure, for tests. */
export function hiddenEdges(scrollLeft: number, width: number, scrollWidth: number): string {
  const edges: string[] = [];
  // A pixel's slack: scroll positions are fractional on high-density screens.
  if (scrollLeft > 1) edges.push('left');
  if (scrollLeft + width < scrollWidth - 1) edges.push('right');
  return edges.join(' ');
}

/** Keeps the row's data-more at the edges that hide links: a link cut at the edge then reads as "more this way". */
export function markHiddenEdges(nav: HTMLElement | null): void {
  if (!nav) return;
  const update = () => { nav.dataset.more = hiddenEdges(nav.scrollLeft, nav.clientWidth, nav.scrollWidth); };
  update();
  nav.addEventListener('scroll', update, { passive: true });
  window.addEventListener('resize', update);
}
