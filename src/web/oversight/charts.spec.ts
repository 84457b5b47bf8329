import { horizontalBars, stackedColumns } from './charts';

describe('dashboard charts (SPEC MGT-2)', () => {
  it('bars are proportional to the largest value (or the given maximum), each with its words', () => {
    const c = horizontalBars('c', 'T', 't', [{ label: 'A', value: 2, display: '2' }, { label: 'B', value: 4, display: '4' }, { label: 'C', value: 0, display: '0' }]);
    expect(c.bars.map((b) => b.width)).toEqual([190, 380, 0]);
    expect(c.bars.map((b) => b.display)).toEqual(['2', '4', '0']);
    const rates = horizontalBars('r', 'T', 't', [{ label: 'A', value: 0.5, display: '50%' }], 1);
    expect(rates.bars[0].width).toBe(190);
  });

  it('an all-zero chart draws no bar and never divides by zero', () => {
    expect(horizontalBars('c', 'T', 't', [{ label: 'A', value: 0, display: '0' }]).bars[0].width).toBe(0);
  });

  it('stacked columns stack each series upwards from the baseline, tallest column to the full height', () => {
    const c = stackedColumns('s', 'T', 't', [{ name: 'Red', colour: '#f00' }, { name: 'Green', colour: '#0f0' }], [{ label: 'w1', values: [1, 1] }, { label: 'w2', values: [4, 0] }]);
    const [w1, w2] = c.columns;
    expect(w1.segments[0].y + w1.segments[0].height).toBe(c.baseline);
    expect(w1.segments[1].y + w1.segments[1].height).toBe(w1.segments[0].y);
    expect(w2.segments[0].height).toBe(220);
    expect(w2.total).toBe(4);
    expect(c.legend.map((l) => l.name)).toEqual(['Red', 'Green']);
  });
});
