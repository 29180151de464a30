// Field progress reports in the site panel: a field team's report with photos, kept in the outbox until the server
// has it (an id made on the phone, so a resend after a lost answer is stored once; without network it waits there
// and is sent later), and the planners' accept / return buttons. The panel is rendered and HTML-encoded on the server.
import { problemList, problemsOf, type Problem } from './api';
import { itemFromForm } from './outbox';
import { removeItem } from './outbox-store';
import { keepAndSend, pageUser } from './outbox-send';

/** The antiforgery token the page carries for the API's multipart posts. */
export function csrfToken(doc: Pick<Document, 'querySelector'> = document): string {
  return doc.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
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
    const item = itemFromForm(new FormData(form), {
      clientId: form.dataset.clientId, user: pageUser(), kind: 'report',
      api: `/api/sites/${id}/reports`, title: `${text('report.new')} · ${panel.querySelector('.site-panel h2')?.textContent ?? id}`,
    });
    button.disabled = true;
    document.body.dataset.reportState = 'sending';
    try {
      const { outcome } = await keepAndSend(item, csrfToken());
      if (outcome.kind === 'sent') {
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
      if (outcome.kind === 'refused') {
        await removeItem(item.clientId); // nothing was stored: the user corrects the form and sends again
        document.body.dataset.reportState = 'refused';
        showProblems(messages, text('edit.problems'), outcome.problems);
        return;
      }
      // No network (or signed out): it waits in the outbox, which sends it when it can.
      document.body.dataset.reportState = 'queued';
      const link = document.createElement('a');
      link.href = '/Outbox';
      link.textContent = text('report.queuedOffline');
      const note = document.createElement('p');
      note.className = 'saved';
      note.append(link);
      messages.replaceChildren(note);
      form.reset();
      delete form.dataset.clientId;
      window.dispatchEvent(new Event('planner-outbox')); // the header's count
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
