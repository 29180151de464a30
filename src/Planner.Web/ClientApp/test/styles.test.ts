import { test } from 'node:test';
import assert from 'node:assert/strict';
import Feature from 'ol/Feature';
import Polygon from 'ol/geom/Polygon';
import LineString from 'ol/geom/LineString';
import { siteStyle, statusColors } from '../src/styles';
import { outlinedAt, OUTLINE_ZOOM } from '../src/config';

const resolutionAt = (zoom: number) => 156543.03392804097 / 2 ** zoom;
const square = new Polygon([[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]);

test('sites are outlined from OUTLINE_ZOOM on, not below; a zoom a hair off by rounding still counts', () => {
  assert.equal(outlinedAt(resolutionAt(OUTLINE_ZOOM)), true);
  assert.equal(outlinedAt(resolutionAt(OUTLINE_ZOOM) * 1.0000001), true);
  assert.equal(outlinedAt(resolutionAt(OUTLINE_ZOOM + 3)), true);
  assert.equal(outlinedAt(resolutionAt(OUTLINE_ZOOM - 0.5)), false);
  assert.equal(outlinedAt(resolutionAt(OUTLINE_ZOOM - 1)), false);
});

test('an area without its outline is filled more strongly; an overdue or selected one keeps its red or cyan outline', () => {
  const plain = new Feature({ geometry: square, programme: 'compound', status: 'construction', overdue: false });
  const [outlined] = siteStyle(plain, 'status', false, true);
  assert.equal(outlined.getStroke()?.getColor(), statusColors.construction);
  const [bare] = siteStyle(plain, 'status', false, false);
  assert.equal(bare.getStroke(), null);
  assert.match(String(bare.getFill()?.getColor()), /,0\.7\)$/);

  const overdue = new Feature({ geometry: square, programme: 'compound', status: 'construction', overdue: true });
  for (const outline of [true, false]) {
    const [s] = siteStyle(overdue, 'status', false, outline);
    assert.equal(s.getStroke()?.getColor(), '#e00000');
    assert.equal(s.getStroke()?.getWidth(), 3);
  }
  const selected = siteStyle(plain, 'status', true, false);
  assert.ok(selected.some((s) => s.getStroke()?.getColor() === '#00b8d4'), 'the selected site is ringed at every zoom');
});

test('roads are lines at every zoom: the outline rule does not touch them', () => {
  const road = new Feature({ geometry: new LineString([[0, 0], [10, 10]]), programme: 'road', status: 'design', overdue: true });
  for (const outline of [true, false]) {
    const styles = siteStyle(road, 'status', false, outline);
    assert.deepEqual(styles.map((s) => s.getStroke()?.getWidth()), [8, 4]);
  }
});
