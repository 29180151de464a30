// Field progress reports in the site panel: a field team's report with photos (multipart, with the page's
// antiforgery token and an id made on the phone, so that a resend after a lost answer is stored once), and the
// planners' accept / return buttons. The panel itself is rendered and HTML-encoded on the server.
import { problemList, problemsOf, type Problem } from './api';

/** The antiforgery token the page carries for the API's multipart posts. */
export function csrfToken(doc: Pick<Document, 'querySelector'> = document): string {
  return doc.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

/** The multipart body of a report: the form's fields as given, the client's id, and each photo under "photos". */
export function reportBody(fields: Record<string, string>, photos: Blob[], clientId: string): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== '') body.append(name, value);
  body.append('clientId', clientId);
  photos.forEach((photo, i) => body.append('photos', photo, (photo as File).name ?? `photo-${i + 1}.jpg`));
  return body;
}

export interface ReportsContext {
  panel: HTMLElement;
  text: (key: string) => string;
  select: (id: number | null) => Promise<void> | void;
  reload: () => Promise<void> | void;
}

function showProblems(container: HTMLElement, heading: string, problems: Problem[]) {
  const title = document.createElement('p');
  title.textContent = heading;
  container.replaceChildren(title, problemList(problems));
}

export function setupReports(ctx: ReportsContext) {
  const { panel, text } = ctx;
  const siteId = () => Number(panel.querySelector<HTMLElement>('.site-panel')?.dataset.siteId);

  async function submit(form: HTMLFormElement) {
    const id = siteId();
    const messages = form.querySelector<HTMLElement>('.form-messages')!;
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    // One id per report, kept until the server has it: pressing send again after a network failure is the same report.
    form.dataset.clientId ??= crypto.randomUUID();
    const data = new FormData(form);
    const fields: Record<string, string> = {};
    for (const name of ['progress', 'status', 'actualDate', 'note']) fields[name] = String(data.get(name) ?? '');
    const photos = data.getAll('photos').filter((p): p is File => p instanceof File && p.size > 0);
    button.disabled = true;
    document.body.dataset.reportState = 'sending';
    try {
      const response = await fetch(`/api/sites/${id}/reports`, {
        method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-TOKEN': csrfToken(), Accept: 'application/json' },
        body: reportBody(fields, photos, form.dataset.clientId),
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        document.body.dataset.reportState = 'sent';
        await ctx.select(id);
        const note = document.createElement('p');
        note.className = 'saved';
        note.textContent = text('report.sent');
        const reports = panel.querySelector<HTMLElement>('.reports');
        reports?.prepend(note);
        reports?.scrollIntoView({ block: 'start' }); // the report just sent, not the top of the panel
        return;
      }
      document.body.dataset.reportState = `error-${response.status}`;
      showProblems(messages, text('edit.problems'), problemsOf(response, body));
    } catch {
      document.body.dataset.reportState = 'offline';
      showProblems(messages, text('edit.problems'), [{ where: 'network', what: navigator.onLine ? 'fetch failed' : 'offline' }]);
    } finally {
      button.disabled = false;
    }
  }

  async function review(item: HTMLElement, decision: string) {
    const reason = item.querySelector<HTMLInputElement>('input[name="reason"]')?.value ?? '';
    const response = await fetch(`/api/reports/${item.dataset.reportId}/review`, {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ decision, reason: reason || null }),
    });
    if (response.ok) {
      document.body.dataset.reportState = `reviewed-${decision}`;
      await ctx.reload();
      await ctx.select(siteId());
      return;
    }
    const body = await response.json().catch(() => ({}));
    showProblems(item.querySelector<HTMLElement>('.form-messages')!, text('edit.problems'), problemsOf(response, body));
  }

  panel.addEventListener('submit', (e) => {
    const form = e.target as HTMLFormElement;
    if (form.id !== 'report-form') return;
    e.preventDefault();
    void submit(form);
  });
  panel.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-review]');
    const item = button?.closest<HTMLElement>('li.report');
    if (button && item) void review(item, button.dataset.review!);
  });
}
