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
