// The filter panel's controls and the map's state: shown from it, read into it. The state is what the URL, the tiles,
// the list and the exports use (state.ts).
import type { MapState, Theme } from './state';

export type FilterControls = ReturnType<typeof filterControls>;

export function filterControls(form: HTMLElement) {
  const inputs = {
    programme: Array.from(form.querySelectorAll<HTMLInputElement>('input[name=programme]')),
    township: form.querySelector<HTMLSelectElement>('select[name=township]')!,
    status: form.querySelector<HTMLSelectElement>('select[name=status]')!,
    overdue: form.querySelector<HTMLInputElement>('input[name=overdue]')!,
    pilot: form.querySelector<HTMLInputElement>('input[name=pilot]')!,
    showcase: form.querySelector<HTMLInputElement>('input[name=showcase]')!,
    q: form.querySelector<HTMLInputElement>('input[name=q]')!,
    unit: form.querySelector<HTMLInputElement>('input[name=unit]')!,
    theme: Array.from(form.querySelectorAll<HTMLInputElement>('input[name=theme]')),
    layers: Array.from(form.querySelectorAll<HTMLInputElement>('input[name=layer]')),
  };
  return {
    /** The text boxes, whose typing is waited out before the map asks again. */
    typed: [inputs.q, inputs.unit],
    show(state: MapState) {
      for (const c of inputs.programme) c.checked = state.programme.includes(c.value);
      inputs.township.value = state.township;
      inputs.status.value = state.status;
      inputs.overdue.checked = state.overdue;
      inputs.pilot.checked = state.pilot;
      inputs.showcase.checked = state.showcase;
      inputs.q.value = state.q;
      inputs.unit.value = state.unit;
      for (const c of inputs.theme) c.checked = c.value === state.theme;
      for (const c of inputs.layers) c.checked = !state.hidden.includes(c.value);
    },
    read(state: MapState) {
      state.programme = inputs.programme.filter((c) => c.checked).map((c) => c.value);
      state.township = inputs.township.value;
      state.status = inputs.status.value;
      state.overdue = inputs.overdue.checked;
      state.pilot = inputs.pilot.checked;
      state.showcase = inputs.showcase.checked;
      state.q = inputs.q.value.trim();
      state.unit = inputs.unit.value.trim();
      state.theme = (inputs.theme.find((c) => c.checked)?.value ?? 'status') as Theme;
      state.hidden = inputs.layers.filter((c) => !c.checked).map((c) => c.value);
    },
  };
}
