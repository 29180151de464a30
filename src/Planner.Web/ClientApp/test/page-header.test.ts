import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hiddenEdges, scrollToReveal } from '../src/page-header';

test('a link already inside the row leaves it where it is', () => {
  assert.equal(scrollToReveal(0, 300, 10, 60), 0);
  assert.equal(scrollToReveal(100, 300, 100, 300), 100);
});

test('a link beyond the right edge scrolls it in, with a margin; one left of the view scrolls back to it', () => {
  assert.equal(scrollToReveal(0, 300, 320, 60), 320 + 60 - 300 + 24);
  assert.equal(scrollToReveal(0, 300, 280, 40), 280 + 40 - 300 + 24);
  assert.equal(scrollToReveal(200, 300, 150, 60), 150 - 24);
  assert.equal(scrollToReveal(200, 300, 10, 60), 0);
});

test('the edges that hide links: none when all fit, the right at the start, both in the middle, the left at the end', () => {
  assert.equal(hiddenEdges(0, 300, 300), '');
  assert.equal(hiddenEdges(0, 300, 500), 'right');
  assert.equal(hiddenEdges(100, 300, 500), 'left right');
  assert.equal(hiddenEdges(200, 300, 500), 'left');
  // Fractional positions on a high-density screen.
  assert.equal(hiddenEdges(199.5, 300, 500), 'left');
  assert.equal(hiddenEdges(0.4, 300, 500), 'right');
});
