import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseColor } from '../src/cases';

test('a case is coloured by its traffic light, grey when it has none', () => {
  assert.equal(caseColor('green'), '#12b76a');
  assert.equal(caseColor('yellow'), '#f79009');
  assert.equal(caseColor('red'), '#d92d20');
  assert.equal(caseColor('none'), '#98a2b3');
});
