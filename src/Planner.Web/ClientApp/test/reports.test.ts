import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrfToken } from '../src/reports';

test('the antiforgery token is read from the page, empty when the page has none', () => {
  const page = { querySelector: (s: string) => (s === 'meta[name="csrf-token"]' ? { content: 'tok' } : null) } as unknown as Document;
  assert.equal(csrfToken(page), 'tok');
  assert.equal(csrfToken({ querySelector: () => null } as unknown as Document), '');
});
