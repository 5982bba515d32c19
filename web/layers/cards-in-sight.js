// Cards (Leaflet popups) open clear of what sits over the map: the search box, zoom and layer buttons at its head, the
// scale bar and mini map at its foot, and on a phone the bottom sheet. Leaflet's auto-pan keeps a card inside the map
// but knows none of these, so once a card is open (the sheet lowers itself on the same event) its auto-pan padding is set
// from where they are, and Leaflet places the card again. When the card is taller than the room left, its head wins.
const MARGIN = 8;

export function keepCardsInSight(map) {
  const container = map.getContainer();
  const rects = (selector) => [...document.querySelectorAll(selector)].map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);

  map.on('popupopen', ({ popup }) => requestAnimationFrame(() => {
    if (!popup.isOpen()) return;
    const area = container.getBoundingClientRect();
    const head = Math.max(0, ...rects('#map .leaflet-top .leaflet-control').map((r) => r.bottom - area.top));
    // The sheet covers the map's foot only on a phone (it has data-sheet there); beside the map it covers nothing.
    const foot = Math.max(0, ...rects('#map .leaflet-bottom .leaflet-control, #panel[data-sheet]').map((r) => area.bottom - r.top));
    popup.options.autoPanPaddingTopLeft = [MARGIN, head + MARGIN];
    popup.options.autoPanPaddingBottomRight = [MARGIN, foot + MARGIN];
    popup.update();
  }));
}
