// The field pages (我的任务, 上报问题): the phone's position fills the report's place and puts a distance beside each
// task. Pages work without it (the server falls back on the photo's GPS); nothing here is needed to act.

/** Metres between two lon/lat points on the sphere (haversine): enough to say "350 m" on a work list. */
export function distanceMetres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "85 m", "1.2 km". */
export function formatDistance(metres: number): string {
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

function onPosition(position: GeolocationPosition) {
  const here: [number, number] = [position.coords.longitude, position.coords.latitude];
  // The report form: the phone's position (WGS 84, which CGCS2000 matches to well under a metre).
  const lon = document.querySelector<HTMLInputElement>('input[data-position="lon"]');
  const lat = document.querySelector<HTMLInputElement>('input[data-position="lat"]');
  if (lon && lat && !lon.value) {
    lon.value = here[0].toFixed(7);
    lat.value = here[1].toFixed(7);
    const note = document.querySelector<HTMLElement>('.position');
    if (note) note.textContent = note.dataset.found ?? '';
  }
  for (const item of document.querySelectorAll<HTMLElement>('.work-item[data-lon]')) {
    const d = distanceMetres(here, [Number(item.dataset.lon), Number(item.dataset.lat)]);
    const label = item.querySelector<HTMLElement>('.distance');
    if (label) label.textContent = ` · ${formatDistance(d)}`;
  }
}

if (typeof navigator !== 'undefined' && 'geolocation' in navigator && typeof document !== 'undefined') {
  const note = document.querySelector<HTMLElement>('.position');
  if (note && !document.querySelector<HTMLInputElement>('input[data-position="lon"]')?.value) note.textContent = note.dataset.waiting ?? '';
  navigator.geolocation.getCurrentPosition(onPosition, () => {
    if (note) note.textContent = note.dataset.none ?? '';
    const mine = document.getElementById('my-position');
    if (mine) mine.textContent = mine.dataset.none ?? '';
  }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
}
