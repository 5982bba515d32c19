// Cards (Leaflet popups) open clear of what sits over the map: the search box, zoom and layer buttons at its head, the
// scale bar and mini map at its foot, and on a phone the bottom sheet. Leaflet's auto-pan keeps a card inside the map
// but knows none of these: a resource's card is opened with auto-pan padding that clears them (`cardPadding`), so
// Leaflet moves the map once; any card still under one once it is open (another kind of popup, or the sheet changed on
// the same event) is moved into the clear part by panning the map. When a card is taller than the room left, its head
// wins.
const MARGIN = 8;

const rects = (elements) => [...elements].map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);

/** A card's frame, tip and the gap to its anchor, outside the content Leaflet's `maxHeight` limits (px). */
const CHROME = 64;
/** The least content height a card is given, however little room the map has (it scrolls within). */
const MIN_CONTENT = 160;

/**
 * Leaflet popup options whose auto-pan keeps a card clear of the map's controls (of those across `card`, a rect or the
 * column { left, right } it opens in, when given),
 * and whose `maxHeight` lets a card taller than the room left scroll within itself: its foot (where the actions are)
 * would otherwise stay under the scale bar, the mini map or the sheet, out of reach.
 */
export function cardPadding(map, card = null) {
  const container = map.getContainer();
  const area = container.getBoundingClientRect();
  const across = (r) => !card || (r.left < card.right && card.left < r.right);
  const head = Math.max(0, ...rects(container.querySelectorAll('.leaflet-top .leaflet-control')).filter(across).map((r) => r.bottom - area.top));
  // The sheet covers the map's foot only on a phone (it has data-sheet there); beside the map it covers nothing.
  const foot = Math.max(0, ...rects([...container.querySelectorAll('.leaflet-bottom .leaflet-control'), ...document.querySelectorAll('#panel[data-sheet]')])
    .filter(across).map((r) => area.bottom - r.top));
  const maxHeight = Math.max(MIN_CONTENT, Math.floor(area.height - head - foot - 2 * MARGIN - CHROME));
  return { autoPanPaddingTopLeft: [MARGIN, head + MARGIN], autoPanPaddingBottomRight: [MARGIN, foot + MARGIN], maxHeight };
}

export function keepCardsInSight(map) {
  // Leaflet auto-pans (animated) before it says the card is open: a card is checked once that pan has ended, or a second
  // pan would start from the middle of the first and leave the card short of its place, moving under the pointer.
  let autoPanning = false;
  map.on('autopanstart', () => { autoPanning = true; });
  map.on('moveend', () => { autoPanning = false; });
  map.on('popupopen', ({ popup }) => {
    const check = () => requestAnimationFrame(() => place(popup));
    if (autoPanning) map.once('moveend', check);
    else check();
  });

  function place(popup) {
    const el = popup.getElement();
    if (!popup.isOpen() || !el || popup.options.autoPan === false) return; // asked not to move the map
    const card = el.getBoundingClientRect();
    const area = map.getContainer().getBoundingClientRect();
    const padding = cardPadding(map, card);
    const [, head] = padding.autoPanPaddingTopLeft;
    const [, foot] = padding.autoPanPaddingBottomRight;
    const clear = card.top >= area.top + head - MARGIN && card.bottom <= area.bottom - foot + MARGIN
      && card.left >= area.left && card.right <= area.right;
    if (clear) return;
    Object.assign(popup.options, padding); // for the card's own later auto-pans
    // The map is moved, the card not rebuilt: popup.update() would build it again (its content is a function) under a
    // finger or a pointer that may already be pressing one of its buttons.
    const top = area.top + head;
    const bottom = area.bottom - foot;
    const dy = card.top < top ? card.top - top : card.bottom > bottom ? Math.min(card.bottom - bottom, card.top - top) : 0;
    const dx = card.left < area.left ? card.left - area.left - MARGIN : card.right > area.right ? card.right - area.right + MARGIN : 0;
    if (dx || dy) map.panBy([dx, dy]);
  }
}
