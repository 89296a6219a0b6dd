import { describe, expect, it } from 'vitest';
import { aheadKey, barWidth, magnitudeText, percentText, pointsText, ratioPercent, yoyKey } from './statsDisplay';

describe('statsDisplay', () => {
  it('adds a percent sign to printed percentages only', () => {
    expect(percentText('66.7')).toBe('66.7%');
    expect(percentText('66.7%')).toBe('66.7%');
    expect(percentText('—')).toBe('—');
    expect(percentText(null)).toBe('—');
  });
  it('maps the server words to locale keys', () => {
    expect(aheadKey('超')).toBe('ahead');
    expect(aheadKey('落后')).toBe('behind');
    expect(aheadKey('持平')).toBe('even');
    expect(aheadKey(null)).toBeNull();
    expect(yoyKey('同比增长')).toBe('up');
    expect(yoyKey('同比下降')).toBe('down');
    expect(yoyKey('新增')).toBe('new');
    expect(yoyKey(null)).toBeNull();
  });
  it('takes the points with or without the unit the server prints', () => {
    expect(pointsText('16.7个百分点')).toBe('16.7');
    expect(pointsText('9.0')).toBe('9.0');
    expect(pointsText('-9.0')).toBe('9.0');
    expect(pointsText('')).toBe('—');
    expect(yoyKey('同比持平')).toBe('flat');
  });
  it('does not say the direction twice', () => {
    expect(magnitudeText('-9.0')).toBe('9.0');
    expect(magnitudeText('16.7')).toBe('16.7');
  });
  it('draws bars from raw ratios, clamped, never NaN', () => {
    expect(ratioPercent([2, 3])).toBeCloseTo(66.667, 2);
    expect(ratioPercent(null)).toBeNull();
    expect(ratioPercent([1, 0])).toBeNull();
    expect(barWidth([3, 2])).toBe(100);
    expect(barWidth([-1, 2])).toBe(0);
    expect(barWidth(null)).toBe(0);
  });
});
