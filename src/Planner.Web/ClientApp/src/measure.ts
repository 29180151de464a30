// Sizes as the field shows them while drawing: metres for roads, square metres and mu (亩) for areas.

/** One mu (亩) is 10,000/15 m². */
export const SQUARE_METRES_PER_MU = 10000 / 15;

export function formatLength(metres: number): string {
  return `≈ ${Math.round(metres).toLocaleString()} m`;
}

export function formatArea(squareMetres: number): string {
  return `≈ ${Math.round(squareMetres).toLocaleString()} m² / ${(squareMetres / SQUARE_METRES_PER_MU).toFixed(2)} 亩`;
}
